// Live truth: each real CLI under `tt up` against the mock model, its recorded states compared with
// what the mock knows happened (a turn's request came in; its answer was written out; an error was
// returned). Two observers watch the same agent in one run: tutti's streaming observer and a 1 s
// capture-pane polling baseline. Per CLI: turns read right, idle edge (answer written → idle seen)
// median and p99, `tt send` started → working seen (the command itself takes most of it), and
// false states (anything but working/idle in a normal turn, an idle before the answer ended).
// Usage: node bench/run.mjs live-truth   (CLIS=claudeCode,codex ROUNDS=6 DEBOUNCE_MS=250; needs `npm run e2e:setup`)
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import type {AgentState} from '../src/core/state/types.js';
import {profiles, startProfile, upProfile, type CliProfile, type StartedProfile} from '../test/e2e/profiles.js';
import {waitFor} from '../test/helpers/tt.js';
import {percentile} from './lib.js';

const rounds = Number(process.env['ROUNDS'] ?? 6);
/** DEBOUNCE_MS=250: a third observer with that busy→idle debounce, to see what a shorter one costs in false idles. */
const tryDebounceMs = process.env['DEBOUNCE_MS'] === undefined ? undefined : Number(process.env['DEBOUNCE_MS']);
const chosen = (process.env['CLIS'] ?? 'claudeCode,codex,geminiCli,qwenCode,opencode,copilot').split(',') as Array<keyof typeof profiles>;

type Seen = {state: AgentState; at: number};
type Tally = {turns: number; right: number; idleEdges: number[]; workingEdges: number[]; falseStates: string[]; errorRight: number; errorTurns: number};
const tally = (): Tally => ({turns: 0, right: 0, idleEdges: [], workingEdges: [], falseStates: [], errorRight: 0, errorTurns: 0});

const firstAfter = (seen: readonly Seen[], at: number, state: AgentState): Seen | undefined => seen.find((entry) => entry.at >= at && entry.state === state);
const latest = (seen: readonly Seen[]): AgentState | undefined => seen.at(-1)?.state;

/** Scores one normal turn (sent at `sentAt`, answer written out at `endedAt`) on one observer's states. */
/**
 * Scores one turn on one observer's states: sent (or its dialog approved) at `sentAt`, the answer
 * written out at `endedAt`. Right: working seen, then idle after the end, and from the first
 * working on nothing else (no dialog, no error, no idle before the end).
 */
function scoreTurn(into: Tally, seen: readonly Seen[], sentAt: number, endedAt: number, settledAt: number, tool: boolean): void {
	into.turns++;
	// After an approval the observer may say working before the dialog is gone for the others.
	const working = tool ? ([...seen].reverse().find((entry) => entry.at <= sentAt && entry.state === 'working') ?? firstAfter(seen, sentAt, 'working')) : firstAfter(seen, sentAt, 'working');
	const during = working ? seen.filter((entry) => entry.at >= working.at && entry.at <= settledAt) : [];
	const odd = during.filter((entry) => entry.state !== 'working' && entry.state !== 'idle');
	const earlyIdle = during.filter((entry) => entry.state === 'idle' && entry.at < endedAt);
	into.falseStates.push(...odd.map((entry) => entry.state), ...earlyIdle.map(() => (tool ? 'idle before the end (tool turn)' : 'idle before the end')));
	const idle = firstAfter(seen, endedAt, 'idle');
	if (working && !tool) into.workingEdges.push(working.at - sentAt);
	if (idle) into.idleEdges.push(idle.at - endedAt);
	if (working && idle && odd.length === 0 && earlyIdle.length === 0) into.right++;
}

type Watcher = {label: string; seen: () => Seen[]; tally: Tally};

/** An extra observer on the same agent, its states kept in `into` (the baseline, or a debounce tried out). */
function extraObserver(ctx: StartedProfile['ctx'], agent: string, into: Seen[], options: ConstructorParameters<typeof WorkspaceObserver>[1]): WorkspaceObserver {
	const observer = new WorkspaceObserver(ctx, {...options, record: false});
	observer.on('state', (name, verdict) => {
		if (name === agent) into.push({state: verdict.state, at: Date.now()});
	});
	return observer;
}

async function measure(profile: CliProfile): Promise<{watchers: Watcher[]; version: string}> {
	const started = await startProfile(profile);
	const {e2e, ctx, root} = started;
	const polled: Seen[] = [];
	const tried: Seen[] = [];
	const extras = [extraObserver(ctx, profile.agent, polled, {mode: 'poll', pollMs: 1000})];
	if (tryDebounceMs !== undefined) extras.push(extraObserver(ctx, profile.agent, tried, {mode: 'stream', pollMs: 200, idleDebounceMs: tryDebounceMs}));
	const streamed = (): Seen[] => e2e.seen.filter((entry) => entry.agent === profile.agent).map(({state, at}) => ({state, at}));
	const watchers: Watcher[] = [
		{label: 'stream', seen: streamed, tally: tally()},
		{label: 'poll 1s', seen: () => polled, tally: tally()},
		...(tryDebounceMs === undefined ? [] : [{label: `stream, ${tryDebounceMs} ms debounce`, seen: () => tried, tally: tally()}]),
	];
	try {
		await upProfile(started);
		for (const extra of extras) await extra.start();
		await waitFor(() => watchers.every((watcher) => latest(watcher.seen()) === 'idle'), {what: `${profile.agent} idle at start`, timeoutMs: 90_000});
		const send = async (text: string) => {
			const result = await e2e.world.tt(['send', profile.agent, text], {cwd: root});
			if (result.code !== 0) throw new Error(`tt send: ${result.stderr}`);
		};
		for (let round = 0; round < rounds; round++) {
			// Every third turn runs a shell command the person approves: the gaps around a tool are
			// where a screen can look idle mid-turn.
			const tool = round % 3 === 2;
			const text = `Round ${round}: the build is green and all tests pass.`;
			e2e.mock.setMode(profile.client, tool ? {kind: 'tool', command: `touch bench-round-${round}.txt`, text, delayMs: 1500} : {kind: 'reply', text, delayMs: 2500 + 500 * (round % 3)});
			let asked = e2e.mock.requests.length;
			let sentAt = Date.now();
			await send(`Check the build, round ${round}`);
			if (tool) {
				await waitFor(() => firstAfter(streamed(), sentAt, 'needs_input') !== undefined, {what: `${profile.agent}: the approval dialog (round ${round})`, timeoutMs: 60_000});
				asked = e2e.mock.requests.length;
				const approved = await e2e.world.tt(['approve', profile.agent], {cwd: root});
				if (approved.code !== 0) throw new Error(`tt approve: ${approved.stderr}`);
				// Scored from the dialog's end: the turn goes on without the person from there.
				await waitFor(() => watchers.every((watcher) => latest(watcher.seen()) !== 'needs_input'), {what: 'the dialog gone', timeoutMs: 10_000}).catch(() => undefined);
				sentAt = Date.now();
			}
			const ended = () => e2e.mock.requests.slice(asked).filter((entry) => entry.role === 'main' && entry.endedAt !== undefined).at(-1)?.endedAt;
			await waitFor(() => ended() !== undefined && (!tool || e2e.mock.requests.slice(asked).some((entry) => entry.role === 'main')), {what: `${profile.agent}: the mock's answer (round ${round})`, timeoutMs: 60_000});
			// The answer is out; give every observer time to see the turn end (the poll's is seconds).
			await waitFor(() => watchers.every((watcher) => firstAfter(watcher.seen(), ended()!, 'idle') !== undefined), {what: `${profile.agent}: idle seen by all (round ${round})`, timeoutMs: 30_000}).catch(() => undefined);
			const settledAt = Date.now() + 1500;
			await new Promise((resolve) => setTimeout(resolve, 1500));
			for (const watcher of watchers) scoreTurn(watcher.tally, watcher.seen(), sentAt, ended()!, settledAt, tool);
		}
		// One turn the model refuses (HTTP 401): every observer should end at auth_failed.
		e2e.mock.setMode(profile.client, {kind: 'status', status: 401});
		const errorAt = Date.now();
		await send('Summarise the README (this call gets HTTP 401)');
		await waitFor(() => watchers.every((watcher) => firstAfter(watcher.seen(), errorAt, 'auth_failed') !== undefined), {what: 'auth_failed', timeoutMs: 60_000}).catch(() => undefined);
		for (const {tally: into, seen: seenOf} of watchers) {
			const seen = seenOf();
			into.errorTurns++;
			const reached = firstAfter(seen, errorAt, 'auth_failed');
			if (latest(seen) === 'auth_failed') into.errorRight++;
			else into.falseStates.push(`401 read as ${seen.filter((entry) => entry.at >= errorAt).map((entry) => entry.state).join(' → ') || 'nothing'}`);
			// An idle flashed between the prompt and the error would have told a person the turn went fine.
			const working = firstAfter(seen, errorAt, 'working');
			if (reached && working) into.falseStates.push(...seen.filter((entry) => entry.at > working.at && entry.at < reached.at && entry.state === 'idle').map(() => 'idle before the 401'));
		}
		return {watchers, version: started.version};
	} finally {
		for (const extra of extras) await extra.stop().catch(() => undefined);
		await e2e.cleanup();
	}
}

const ms = (values: number[], p: number): string => (values.length === 0 ? '–' : `${Math.round(percentile(values, p))}`);
const line = (cells: string[]): string => cells.map((cell, index) => (index === 0 ? cell.padEnd(22) : cell.padStart(11))).join('');

console.log(`live truth: ${rounds} turns (every third with an approved shell command) + one HTTP 401 per CLI; streaming observer vs 1 s polling in the same run`);
console.log(line(['cli / observer', 'right', 'idle p50', 'idle p99', 'send→busy', '401 right', 'false']));
for (const name of chosen) {
	const profile: CliProfile = profiles[name];
	try {
		const {watchers, version} = await measure(profile);
		for (const {label, tally: t} of watchers) {
			console.log(line([`${profile.runtime} ${version} ${label}`, `${t.right}/${t.turns}`, ms(t.idleEdges, 50), ms(t.idleEdges, 99), ms(t.workingEdges, 50), `${t.errorRight}/${t.errorTurns}`, String(t.falseStates.length)]));
			if (t.falseStates.length > 0) console.log(`    false states: ${[...new Set(t.falseStates)].join(', ')}`);
		}
		const [stream, poll] = watchers;
		const ratio = percentile(poll!.tally.idleEdges, 50) / Math.max(1, percentile(stream!.tally.idleEdges, 50));
		console.log(`    idle edge, polling / streaming (medians): ${ratio.toFixed(1)}×`);
	} catch (error) {
		console.log(`${profile.runtime}: not measured — ${(error as Error).message.split('\n')[0]}`);
	}
}
