import {describe, expect, it} from 'vitest';
import type {StoredEvent} from '../../../src/core/store/store.js';
import path from 'node:path';
import {activityLine, dialogQuestion} from '../../../src/core/model/screen-text.js';
import {formatDuration, formatTokens, needsHuman, totalsOf} from '../../../src/tui/data/agent-view.js';
import {foldRuns, tickerItem, visibleRuns} from '../../../src/tui/data/events.js';
import type {AgentView} from '../../../src/tui/types.js';
import {readScreen, screensDir} from '../adapters/fixtures.js';

const event = (id: number, name: string, data: Record<string, unknown>, agent: string | null = null): StoredEvent => ({id, event: name, workspace: 'w', agent, timestamp: new Date(1_700_000_000_000 + id * 1000).toISOString(), correlation_id: `c${id}`, data});

describe('activityLine', () => {
	it('reads the last line with words, without frames, hints, empty prompts or spinner frames', () => {
		expect(activityLine(['⏺ Read(src/a.ts)', '', '⠙ Working… (3s · esc to interrupt)', '', ''])).toBe('Working… (3s · esc to interrupt)');
		expect(activityLine(['⏺ Wrote a.txt (12 bytes)', '╭──────╮', '│ ❯    │', '╰──────╯', '  ? for shortcuts · demo agent ready'])).toBe('⏺ Wrote a.txt (12 bytes)');
		expect(activityLine(['│ Do you want to proceed? │'])).toBe('Do you want to proceed?');
		expect(activityLine([])).toBe('');
	});
});

describe('dialogQuestion', () => {
	const question = (fixture: string) => dialogQuestion(readScreen(path.join(screensDir, fixture)).lines);

	it('reads the question a dialog asks, not its last option', () => {
		// The demo's `ask Ship it?`: the stock "Do you want to proceed?" confirms the question above it.
		expect(question('demo/needs_input--recorded.txt')).toBe('Ship it?');
		expect(activityLine(readScreen(path.join(screensDir, 'demo/needs_input--recorded.txt')).lines)).toBe('2. No');
		expect(question('claude-code/needs_input--question.txt')).toBe('Which database should the service use?');
		expect(question('claude-code/needs_input--edit-dialog-no-footer.txt')).toBe('Do you want to make this edit to index.ts?');
		expect(question('claude-code/needs_input--bash-approval--80x24.txt')).toBe('Do you want to proceed?');
		expect(question('claude-code/needs_input--trust-dialog.txt')).toBe('Quick safety check: Is this a project you created or one you trust?');
		expect(question('codex/needs_input--exec-approval--80x24.txt')).toBe('Would you like to run the following command?');
		expect(question('gemini-cli/needs_input--shell-confirm--80x24.txt')).toBe('Allow execution of [Shell]?');
		expect(question('copilot/needs_input--run-command.txt')).toBe('Do you want to run this command?');
	});

	it('finds none without a numbered choice on screen, or above the dialog frame', () => {
		expect(question('aider/needs_input--add-file.txt')).toBeUndefined();
		expect(question('claude-code/idle--prompt.txt')).toBeUndefined();
		// A question in the transcript above the dialog's frame is not the dialog's.
		expect(dialogQuestion(['> why is it slow?', '╭────╮', '│ Edit file │', '│ ❯ 1. Yes │', '╰────╯'])).toBeUndefined();
	});

	it('finds the dialog of a screen taller than its content (blank rows below it, as tmux captures a fresh pane)', () => {
		const dialog = ['> ask Ship it?', '╭────────╮', '│ Permission required │', '│ Ship it? │', '│ Do you want to proceed? │', '│ ❯ 1. Yes │', '│   2. No │', '╰────────╯', '  Esc to cancel'];
		expect(dialogQuestion([...dialog, ...Array.from({length: 35}, () => '')])).toBe('Ship it?');
	});
});

describe('agent views', () => {
	it('counts a stop as needing a human only when nobody asked for it', () => {
		expect(needsHuman('needs_input', undefined, {seenRunning: false, expectedStop: false})).toBe(true);
		expect(needsHuman('stopped', {rule: 'session.missing', exitStatus: undefined}, {seenRunning: false, expectedStop: false})).toBe(false);
		expect(needsHuman('stopped', {rule: 'session.missing', exitStatus: undefined}, {seenRunning: true, expectedStop: false})).toBe(true);
		expect(needsHuman('stopped', {rule: 'session.missing', exitStatus: undefined}, {seenRunning: true, expectedStop: true})).toBe(false);
		expect(needsHuman('stopped', {rule: 'pane.dead', exitStatus: 1}, {seenRunning: false, expectedStop: false})).toBe(true);
		expect(needsHuman('stopped', {rule: 'pane.dead', exitStatus: 0}, {seenRunning: true, expectedStop: false})).toBe(false);
		// One definition (core/model): stalled and provider_down need a person too, as the dashboard always showed.
		expect(needsHuman('stalled', undefined, {seenRunning: true, expectedStop: false})).toBe(true);
	});

	it('totals working / waiting / blocked / stopped', () => {
		const agent = (state: AgentView['state'], attention = false) => ({state, attention}) as AgentView;
		expect(totalsOf([agent('working'), agent('starting'), agent('needs_input', true), agent('rate_limited', true), agent('stopped'), agent('idle')])).toEqual({total: 6, working: 2, waiting: 1, blocked: 1, stopped: 1, idle: 1, attention: 2, unread: 0});
	});

	it('formats durations and token counts', () => {
		expect(formatDuration(7_400)).toBe('7s');
		expect(formatDuration(27_000)).toBe('25s');
		expect(formatDuration(4 * 60_000)).toBe('4m');
		expect(formatDuration(125 * 60_000)).toBe('2h05m');
		expect(formatTokens(undefined)).toBe('–');
		expect(formatTokens(12_345)).toBe('12k');
		expect(formatTokens(1_234)).toBe('1.2k');
	});
});

describe('events', () => {
	it('turns state events into readable ticker lines with a level', () => {
		expect(tickerItem(event(1, 'agent.needs_input', {from: 'working', to: 'needs_input', detail: 'Ship it?'}, 'tester'))).toMatchObject({text: 'tester: working → needs input (Ship it?)', level: 'attention'});
		expect(tickerItem(event(2, 'agent.prompt_sent', {chars: 12}, 'tester')).text).toBe('tester: prompt sent (12 chars)');
		expect(tickerItem(event(3, 'agent.worktree_missing', {path: '/p/.tutti/worktrees/tester', problem: 'its worktree /p/.tutti/worktrees/tester was deleted; `tt up tester` recreates it and restarts the agent'}, 'tester'))).toMatchObject({text: 'tester: its worktree /p/.tutti/worktrees/tester was deleted · press u on tester to recreate it and restart it', level: 'attention'});
	});

	it('words the mailbox events (the dashboard timeline uses the same words)', () => {
		expect(tickerItem(event(7, 'message.queued', {id: 12, from: 'planner', reply_to: null, chars: 20}, 'builder')).text).toBe('message 12 planner → builder queued');
		expect(tickerItem(event(8, 'message.held', {id: 12, from: 'planner', reason: 'draft'}, 'builder')).text).toBe("message 12 planner → builder held: someone is typing in the recipient's input box");
		expect(tickerItem(event(9, 'message.delivered', {id: 12, from: 'planner', batch: [12, 13], attempts: 1, evidence: 'sent'}, 'builder')).text).toBe('message 12 planner → builder delivered (2 in one prompt)');
		expect(tickerItem(event(10, 'message.dead', {id: 12, from: 'planner', reason: 'no such agent in tutti.toml', attempts: 0}, 'builder'))).toMatchObject({text: 'message 12 planner → builder not delivered: no such agent in tutti.toml', level: 'error'});
	});

	it('words a host going away and coming back (the dashboard timeline uses the same words)', () => {
		const error = 'host "gpu" (dev@gpu.lan) is unreachable: ssh: connect to host gpu.lan port 22: Connection refused';
		expect(tickerItem(event(11, 'host.unreachable', {host: 'gpu', ssh: 'dev@gpu.lan', error, agents: ['a', 'b']}))).toMatchObject({
			text: 'host gpu unreachable (ssh: connect to host gpu.lan port 22: Connection refused) · 2 agents there keep running, shown again once it answers',
			level: 'error',
		});
		expect(tickerItem(event(12, 'host.reachable', {host: 'gpu', ssh: 'dev@gpu.lan', down_ms: 42_400, agents: ['a']}))).toMatchObject({text: 'host gpu reachable again after 42 s · 1 agent followed again', level: 'info'});
	});

	it('says whether a started agent resumed its conversation or began a new one, and why', () => {
		expect(tickerItem(event(5, 'agent.hibernated', {idle_ms: 1_860_000, after_ms: 1_800_000, trigger: 'auto'}, 'dev'))).toMatchObject({text: 'dev: hibernated after 31 min idle (hibernate_idle_after) · its conversation resumes on the next start', level: 'info'});
		expect(tickerItem(event(6, 'agent.hibernated', {idle_ms: 45_000, after_ms: 30_000, trigger: 'manual'}, 'dev')).text).toBe('dev: hibernated after 45 s idle (tt down --idle) · its conversation resumes on the next start');
		const started = (conversation: Record<string, unknown>) => tickerItem(event(4, 'agent.started', {runtime: 'demo', session_name: 's', worktree: null, branch: null, conversation}, 'dev'));
		expect(started({kind: 'resumed', id: '0c6f1f4e-3b7a', note: null})).toMatchObject({text: 'dev: started · resumed 0c6f1f4e', level: 'info'});
		expect(started({kind: 'new', id: 'abc', note: null})).toMatchObject({text: 'dev: started · new conversation', level: 'info'});
		expect(started({kind: 'new', id: 'abc', note: 'could not verify session x: gone'})).toMatchObject({text: 'dev: started · new conversation (could not verify session x: gone)', level: 'attention'});
		expect(tickerItem(event(5, 'agent.session_recorded', {runtime: 'codex', session_id: '01a2180d-debe'}, 'cx')).text).toBe('cx: conversation 01a2180d recorded');
	});

	it('words waiting out limits and outages: how long, and what happens then', () => {
		expect(tickerItem(event(8, 'agent.recovery_attempted', {strategy: 'wait_for_reset', trigger: 'rate limited: resets 3pm (Europe/Berlin)', attempt: 1, delay_ms: 8_130_000, resume_at: 'x'}, 'dev'))).toMatchObject({
			text: 'dev: rate limited: resets 3pm (Europe/Berlin) · goes on by itself in 2 h 16 min',
			level: 'attention',
		});
		expect(tickerItem(event(9, 'fleet.paused', {runtime: 'claude-code', agents: ['a', 'b', 'c'], attempt: 1, delay_ms: 30_000, resume_at: 'x'}, null))).toMatchObject({text: 'claude-code is down: 3 agents wait 30 s, then one tries first', level: 'attention'});
		expect(tickerItem(event(10, 'fleet.resumed', {runtime: 'claude-code', agents: ['a', 'b', 'c'], attempt: 1}, null)).text).toBe('claude-code is back: 3 agents going on');
		expect(tickerItem(event(11, 'agent.recovery_succeeded', {strategy: 'wait_for_reset', attempt: 1, conversation: null}, 'dev')).text).toBe('dev: going on again after the limit lifted');
		expect(tickerItem(event(12, 'agent.recovery_failed', {strategy: 'provider_wait', attempt: 2, error: 'the provider is still down'}, 'dev')).text).toBe('dev: could not go on yet: the provider is still down');
	});

	it('words news seen in another surface', () => {
		expect(tickerItem({...event(16, 'notice.read', {agents: ['dev', 'qa'], by: 'ack'}, null), workspace: 'shop'}).text).toBe('shop: news seen: dev, qa (marked seen)');
	});

	it('words a restart after signing in again', () => {
		expect(tickerItem(event(13, 'agent.recovery_attempted', {strategy: 'login_restart', trigger: 'signed in again (.credentials.json changed)', attempt: 1, delay_ms: 0}, 'dev'))).toMatchObject({
			text: 'dev: signed in again (.credentials.json changed) · restarting it',
			level: 'attention',
		});
		expect(tickerItem(event(14, 'agent.recovery_succeeded', {strategy: 'login_restart', attempt: 1, conversation: 'resumed 4f1c'}, 'dev')).text).toBe('dev: restarted after signing in again · resumed 4f1c');
		expect(tickerItem(event(15, 'agent.recovery_failed', {strategy: 'login_restart', attempt: 1, error: 'no tmux'}, 'dev'))).toMatchObject({text: 'dev: restart after signing in again failed: no tmux', level: 'error'});
	});

	it('words what the merge queue sent back, inert', () => {
		expect(tickerItem(event(13, 'agent.land_sent_back', {branch: 'tutti/c', target: 'main', reason: 'conflict', files: ['a.txt', 'b\u001b[2J.txt'], detail: 'x', delivered: true}, 'c'))).toMatchObject({
			text: 'c: landing sent back by the merge queue: conflict in a.txt, b [2J.txt',
			level: 'attention',
		});
		expect(tickerItem(event(14, 'agent.land_sent_back', {branch: 'tutti/c', target: 'main', reason: 'verify', files: [], detail: '`npm test` exited 1\nFAIL x', delivered: false}, 'c')).text).toBe('c: landing held back by the merge queue: `npm test` exited 1');
	});

	it('words handoff packets: written (why) and applied', () => {
		const generated = (reason: string, ctx: number | null) => tickerItem(event(6, 'handoff.generated', {packet: '/p/.tutti/handoffs/dev-handoff-20250101-000000.md', reason, ctx_pct: ctx}, 'dev'));
		expect(generated('manual', null)).toMatchObject({text: 'dev: handoff packet dev-handoff-20250101-000000.md written', level: 'info'});
		expect(generated('auto_ctx_threshold', 82.5)).toMatchObject({text: 'dev: handoff packet dev-handoff-20250101-000000.md written (context 82.5% used)', level: 'attention'});
		expect(generated('auth_failed', null)).toMatchObject({text: 'dev: handoff packet dev-handoff-20250101-000000.md written (emergency: login failed)', level: 'attention'});
		expect(tickerItem(event(7, 'handoff.applied', {packet: '/p/.tutti/handoffs/dev-handoff-20250101-000000.md', session_name: 's', replaced: true}, 'dev')).text).toBe('dev: handoff packet dev-handoff-20250101-000000.md applied to a fresh session');
	});

	it('folds workflow events into runs with steps moving between stages', () => {
		const runs = foldRuns(new Map(), [
			event(1, 'workflow.started', {workflow_name: 'ship', total_steps: 3}),
			event(2, 'workflow.step.started', {workflow_name: 'ship', step_index: 0, total_steps: 3, step_type: 'prompt'}, 'planner'),
			event(3, 'workflow.step.completed', {workflow_name: 'ship', step_index: 0, total_steps: 3}, 'planner'),
			event(4, 'workflow.step.started', {workflow_name: 'ship', step_index: 1, total_steps: 3, step_type: 'prompt'}, 'implementer'),
		]);
		const [run] = visibleRuns(runs, (_workspace, agent) => (agent === 'implementer' ? 'build' : 'plan'));
		expect(run).toMatchObject({name: 'ship', status: 'running', steps: ['done', 'active', 'pending'], current: 1, agent: 'implementer', stage: 'build'});
		const done = foldRuns(runs, [event(5, 'workflow.failed', {workflow_name: 'ship'})]);
		expect(visibleRuns(done, () => undefined)[0]?.status).toBe('failed');
	});

	it('shows runs that would print the same line once, with their count and the newest time', () => {
		const finished = (id: number, run: string, name = 'ship') => [event(id, 'workflow.started', {workflow_name: name, run_id: run, total_steps: 1}), event(id + 1, 'workflow.step.started', {workflow_name: name, run_id: run, step_index: 0, total_steps: 1, step_type: 'prompt'}, 'planner'), event(id + 2, 'workflow.completed', {workflow_name: name, run_id: run})];
		const runs = foldRuns(new Map(), [...finished(10, 'r1'), ...finished(20, 'r2'), ...finished(30, 'r3'), ...finished(40, 'r4', 'docs'), ...finished(50, 'r5')]);
		const shown = visibleRuns(runs, () => 'plan');
		expect(shown.map((run) => [run.name, run.count])).toEqual([
			['ship', 1],
			['docs', 1],
			['ship', 3],
		]);
		expect(shown[2]?.updatedAt).toBe(Date.parse(event(32, 'x', {}).timestamp));
	});
});
