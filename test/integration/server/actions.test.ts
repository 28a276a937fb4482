import {execFileSync} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FastifyInstance} from 'fastify';
import {waitFor} from '../../helpers/tt.js';
import {openSse} from './sse-client.js';
import {demoToml, makeServerWorld, type ServerWorld} from './world.js';

type Envelope = {ok: boolean; action: string; error: {code: string; message: string} | null; data: Record<string, unknown>};

describe('actions against demo agents in real tmux', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let base: string;
	const post = async (action: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Envelope> => {
		const response = await fetch(`${base}/v1/actions/${action}`, {method: 'POST', headers: {'content-type': 'application/json', ...headers}, body: JSON.stringify(body)});
		return (await response.json()) as Envelope;
	};
	const get = async (path: string) => ((await (await fetch(`${base}${path}`)).json()) as Envelope).data as unknown;

	beforeAll(async () => {
		world = makeServerWorld('act');
		world.addWorkspace('alpha', demoToml('alpha', undefined, '[[webhook]]\nsource = "ci"\nevents = ["build"]\nagent = "planner"\nprompt = "echo build {{event.status}} on {{event.branch}}"\n'));
		await world.record();
		app = await world.build({eventPollMs: 100});
		base = await app.listen({port: 0, host: '127.0.0.1'});
	});
	afterAll(() => world.cleanup());

	it('up starts an agent; the stream shows it start and settle; status agrees', async () => {
		const stream = await openSse(`${base}/v1/events/stream`);
		await stream.next((message) => message.event === 'snapshot');
		const up = await post('up', {agent: 'planner'});
		expect(up, JSON.stringify(up)).toMatchObject({ok: true, action: 'up', data: {workspace: 'alpha', agent: 'planner', new_session: false, results: [expect.objectContaining({agent: 'planner', outcome: 'started', conversation: expect.objectContaining({kind: 'new'}) as unknown})]}});
		// The stream says which conversation the agent holds, for the dashboard.
		const started = await stream.next((message) => message.event === 'agent.started');
		expect(JSON.parse(started.data)).toMatchObject({agent: 'planner', data: {conversation: {kind: 'new', id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, note: null}}});
		// The recorder may see the agent settle before tt up has said it started: either order.
		const idle = await waitFor(() => stream.messages.find((message) => message.event === 'agent.idle' && (JSON.parse(message.data) as {agent: string}).agent === 'planner'), {timeoutMs: 20_000, what: 'planner idle on the event stream'});
		expect(JSON.parse(idle.data)).toMatchObject({agent: 'planner', data: {to: 'idle'}});
		stream.close();
		const status = (await get('/v1/status')) as Array<{agent: string; state: string; running: boolean; rss_bytes: number | null; cpu_pct: number | null}>;
		expect(status.find((row) => row.agent === 'planner')).toMatchObject({state: 'idle', running: true});
		// Memory and CPU of the running demo agent's process tree (a Node CLI: tens of MiB); none for one not running.
		const planner = status.find((row) => row.agent === 'planner');
		expect(planner?.rss_bytes).toBeGreaterThan(10 * 1024 * 1024);
		expect(planner?.cpu_pct).toBeGreaterThanOrEqual(0);
		expect(status.find((row) => row.agent !== 'planner')).toMatchObject({running: false, rss_bytes: null, cpu_pct: null});
		const again = await post('up', {agent: 'planner'});
		expect(again.data['results']).toEqual([expect.objectContaining({outcome: 'already_running'})]);
	});

	it('send with wait and output returns what the agent answered', async () => {
		const result = await post('send', {agent: 'planner', prompt: 'echo hello from the api', wait: true, output: true, timeout_secs: 60});
		expect(result, JSON.stringify(result)).toMatchObject({ok: true, action: 'send', data: {agent: 'planner', send: {waited: true, state: 'idle'}}});
		expect(String((result.data['send'] as {captured_output: string}).captured_output)).toContain('hello from the api');
	});

	it('a waited send follows the turn on the recorder’s pipeline: no second control client, ends on the recorded idle', async () => {
		const clients = () => execFileSync('tmux', ['-L', world.socket, 'list-clients', '-t', '=tt-alpha-planner', '-F', '#{client_control_mode}'], {encoding: 'utf8'}).split('\n').filter(Boolean).length;
		const baseline = clients();
		expect(baseline).toBe(1);
		let most = baseline;
		let done = false;
		const sending = post('send', {agent: 'planner', prompt: 'sleep 2', wait: true, timeout_secs: 60}).finally(() => {
			done = true;
		});
		while (!done) {
			most = Math.max(most, clients());
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const result = await sending;
		expect(result, JSON.stringify(result)).toMatchObject({ok: true, data: {send: {waited: true, state: 'idle', completion_source: 'idle_after_activity'}}});
		expect(most).toBe(1);
		// The idle the turn ended on is the one the recorder wrote (not a second pipeline's opinion).
		const states = world.workspaces[0]!.store.lastEvents(20, 'planner').map((event) => event.event).filter((name) => /^agent\.(working|idle)$/.test(name));
		expect(states.slice(-2)).toEqual(['agent.working', 'agent.idle']);
	});

	it('the screen stream carries the live terminal with colours', async () => {
		const screen = await openSse(`${base}/v1/agents/alpha/planner/screen/stream`);
		const first = JSON.parse((await screen.next((message) => message.event === 'screen')).data);
		expect(first).toMatchObject({workspace: 'alpha', agent: 'planner', running: true});
		expect(first.cols).toBeGreaterThan(20);
		expect(first.ansi).toContain('hello from the api');
		await post('send', {agent: 'planner', prompt: 'echo second message'});
		await screen.next((message) => message.event === 'screen' && JSON.parse(message.data).ansi.includes('second message'), 15_000);
		screen.close();
	});

	it('a webhook matching a rule sends the rendered prompt to the agent', async () => {
		const response = await fetch(`${base}/v1/webhooks/generic`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({source: 'ci', event: 'build', payload: {status: 'green', branch: 'main'}})});
		const body = (await response.json()) as Envelope;
		expect(body, JSON.stringify(body)).toMatchObject({ok: true, action: 'webhook.received', data: {matched: true, triggers_fired: 1, dispatched: [{type: 'send', agent: 'planner'}]}});
		await waitFor(async () => ((await get('/v1/agents/alpha/planner/focus?lines=80&diff=0')) as {terminal: string}).terminal.includes('build green on main'), {what: 'the webhook prompt on screen'});
		const unmatched = (await (await fetch(`${base}/v1/webhooks/generic`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({source: 'ci', event: 'deploy'})})).json()) as Envelope;
		expect(unmatched.data).toMatchObject({matched: false, triggers_fired: 0});
	});

	it('focus shows terminal text, state and the worktree diff', async () => {
		await post('send', {agent: 'planner', prompt: 'write notes.txt some notes', wait: true, timeout_secs: 60});
		const focus = (await get('/v1/agents/alpha/planner/focus?lines=50')) as {terminal: string; running: boolean; diff: {files_changed: number; text: string}};
		expect(focus.running).toBe(true);
		expect(focus.terminal).toContain('second message');
		expect(focus.diff.files_changed).toBe(1);
		expect(focus.diff.text).toContain('some notes');
	});

	it('land brings the agent\'s commit onto the project branch', async () => {
		await post('send', {agent: 'planner', prompt: 'commit add notes', wait: true, timeout_secs: 60});
		const landed = await post('land', {agent: 'planner'});
		expect(landed, JSON.stringify(landed)).toMatchObject({ok: true, action: 'land', data: {agent: 'planner', result: {landed: [expect.objectContaining({subject: 'add notes'})]}}});
		const log = execFileSync('git', ['log', '--oneline', '-1'], {cwd: world.workspaces[0]!.root, encoding: 'utf8'});
		expect(log).toContain('add notes');
	});

	it('review of an agent that never ran fails with the core code; self-review is refused', async () => {
		const review = await post('review', {agent: 'implementer', reviewer: 'tester'});
		expect(review.ok, JSON.stringify(review)).toBe(false);
		expect(review.error?.code).toBe('action_failed');
		const self = await post('review', {agent: 'planner', reviewer: 'planner'});
		expect(self.error?.code).toBe('bad_request');
	});

	it('the prompt of an agent that is not running is refused unless auto_up', async () => {
		const refused = await post('send', {agent: 'tester', prompt: 'echo hi'});
		expect(refused.error).toMatchObject({code: 'action_failed'});
		const sent = await post('send', {agent: 'tester', prompt: 'echo auto started', auto_up: true, wait: true, output: true});
		expect(sent, JSON.stringify(sent)).toMatchObject({ok: true, data: {send: {started: true}}});
	});

	// Late in the file: resizing makes the CLI redraw, and the earlier screens' text goes with it.
	it('a viewer of the screen stream gets the window at its size while it looks; the agent gets its own size back after', async () => {
		const size = () => execFileSync('tmux', ['-L', world.socket, 'display-message', '-p', '-t', '=tt-alpha-planner:', '#{window_width}x#{window_height}'], {encoding: 'utf8'}).trim();
		const before = size();
		const screen = await openSse(`${base}/v1/agents/alpha/planner/screen/stream?cols=100&rows=30`);
		expect(size()).toBe('100x30');
		// The CLI redraws for its new size and the frames follow it.
		await screen.next((message) => message.event === 'screen' && (JSON.parse(message.data) as {cols: number; rows: number}).cols === 100, 15_000);
		// A second viewer, smaller: the latest view decides; when it leaves, the first one's size returns.
		const second = await openSse(`${base}/v1/agents/alpha/planner/screen/stream?cols=60&rows=20`);
		expect(size()).toBe('60x20');
		second.close();
		await waitFor(() => size() === '100x30', {what: 'the first viewer\'s size back'});
		screen.close();
		await waitFor(() => size() === before, {what: `the agent's own size (${before}) back`});
		// Sizes are kept in bounds.
		const tiny = await openSse(`${base}/v1/agents/alpha/planner/screen/stream?cols=3&rows=1`);
		expect(size()).toBe('20x5');
		tiny.close();
		await waitFor(() => size() === before, {what: 'the size back after the tiny viewer'});
	});

	it('land with queue runs the merge queue: one outcome per agent; force is refused there', async () => {
		const queued = await post('land', {agent: 'planner', queue: ['implementer']});
		expect(queued, JSON.stringify(queued)).toMatchObject({ok: true, action: 'land', data: {queue: ['planner', 'implementer'], result: {ok: true, target: 'main'}}});
		// Whatever earlier tests did, neither has work to land (planner's branch may not exist when run alone).
		const outcomes = (queued.data['result'] as {outcomes: Array<{agent: string; line: string}>}).outcomes;
		expect(outcomes.map((outcome) => outcome.agent)).toEqual(['planner', 'implementer']);
		for (const outcome of outcomes) expect(outcome.line).toMatch(/^skipped: /);
		const forced = await post('land', {agent: 'planner', queue: true, force: true});
		expect(forced).toMatchObject({ok: false, error: {code: 'bad_request', message: 'force and include_uncommitted do not apply to the merge queue'}});
	});

	it('down stops agents and the recorder reports them stopped', async () => {
		const down = await post('down', {});
		expect(down, JSON.stringify(down)).toMatchObject({ok: true, action: 'down'});
		await waitFor(async () => {
			const status = (await get('/v1/status')) as Array<{state: string}>;
			return status.every((row) => row.state === 'stopped');
		}, {what: 'every agent stopped'});
	});
});
