import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {expect} from 'vitest';
import {builtinAdapters} from '../../src/adapters/index.js';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {classifyScreen} from '../../src/core/state/classify.js';
import type {AgentState, StateVerdict} from '../../src/core/state/types.js';
import {WorkspaceObserver} from '../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../helpers/core-world.js';
import {repoRoot, waitFor} from '../helpers/tt.js';
import {MockModelServer} from '../mock-model/server.js';

const run = promisify(execFile);

export type CliRuntime = 'claude-code' | 'codex' | 'gemini-cli' | 'qwen-code' | 'opencode' | 'copilot' | 'openclaw';

export {cliPath, requireClis, setupTimeoutMs, type E2eClis} from './clis.js';

/** Variables from the developer's environment that would point a CLI at a real account. */
const scrubbed = /^(?:ANTHROPIC_|CLAUDE|OPENAI_|CODEX_|GEMINI_|GOOGLE_|QWEN_|OPENCODE|COPILOT_|GH_TOKEN$|GITHUB_TOKEN$|AWS_BEARER|NO_COLOR$|FORCE_COLOR$|CI$)/;

export type E2eWorld = ReturnType<typeof makeE2eWorld>;

/**
 * A core world (own HOME, config, tmux socket) whose PATH finds the cached CLIs, a mock model
 * server, and a workspace with one agent. Seed files with `home` before `up()`.
 */
export function makeE2eWorld(label: string, binDir: string, mockOptions: ConstructorParameters<typeof MockModelServer>[0] = {}) {
	const core = makeCoreWorld(label);
	const {world} = core;
	// These cases check what each CLI shows. The recorder's own answer to a limit or an outage —
	// waiting for the reset time the CLI printed, then typing `continue` (tested on the demo agent in
	// test/integration/recovery) — would type into a later case of the same agent.
	core.services.global.resilience.rate_limit_strategy = 'off';
	core.services.global.resilience.provider_down_strategy = 'off';
	for (const key of Object.keys(world.env)) if (scrubbed.test(key)) delete world.env[key];
	world.env['PATH'] = `${binDir}:${world.env['PATH'] ?? '/usr/bin:/bin'}`;
	world.env['COLORTERM'] = 'truecolor';
	// The CLIs write temp files of their own (Gemini CLI: gemini-client-error-*.json with the whole
	// request on every API error, in node's os.tmpdir()): give them a temp folder inside the world,
	// which cleanup() removes. TMP and TEMP are what os.tmpdir() reads on Windows.
	const tmp = path.join(world.dir, 'tmp');
	mkdirSync(tmp, {recursive: true});
	for (const name of ['TMPDIR', 'TMP', 'TEMP']) world.env[name] = tmp;
	const mock = new MockModelServer(mockOptions);
	let observer: WorkspaceObserver | undefined;
	const seen: Array<{agent: string; state: AgentState; at: number; rule: string | undefined; detail: string | undefined}> = [];

	return {
		core,
		world,
		mock,
		home: world.home,
		seen,
		get observer(): WorkspaceObserver {
			if (!observer) throw new Error('observer not started');
			return observer;
		},
		workspace(toml: string): WorkspaceContext {
			return core.workspace('project', toml);
		},
		async startObserver(ctx: WorkspaceContext): Promise<WorkspaceObserver> {
			observer = new WorkspaceObserver(ctx, {pollMs: 200});
			observer.on('state', (agent, verdict: StateVerdict) => seen.push({agent, state: verdict.state, at: Date.now(), rule: verdict.rule, detail: verdict.detail}));
			await observer.start();
			return observer;
		},
		/**
		 * A fresh observer (seeded from capture-pane) after the fixture resizes: the observer learns a
		 * new pane size from its poll, so output drawn for the new size can land in a screen model of
		 * the old one, and Codex's inline viewport then never repairs the difference.
		 */
		async restartObserver(): Promise<void> {
			if (!observer) return;
			const {ctx} = observer;
			await observer.stop();
			observer = undefined;
			await this.startObserver(ctx);
		},
		latest(agent: string): AgentState | undefined {
			return [...seen].reverse().find((entry) => entry.agent === agent)?.state;
		},
		/** Waits until the observer's latest report for the agent is `state`. */
		async until(agent: string, state: AgentState, timeoutMs = 30_000): Promise<void> {
			await waitFor(() => this.latest(agent) === state, {
				timeoutMs,
				intervalMs: 50,
				what: `${agent} ${state} (saw ${seen
					.filter((entry) => entry.agent === agent)
					.map((entry) => `${entry.state}[${entry.rule ?? ''}]`)
					.join(' → ')})\n--- screen ---\n${observer?.observer(agent)?.screen.snapshot().lines.join('\n') ?? '(no stream)'}`,
			});
		},
		/**
		 * Waits for a turn that began at `from` (an index into `seen`) to reach `state`: the
		 * agent must have been reported working (or `state`) since, and `state` must be the latest
		 * report, so an idle state left over from before the prompt does not count.
		 */
		async untilAfter(agent: string, from: number, state: AgentState, timeoutMs = 30_000): Promise<void> {
			await waitFor(
				() => {
					const since = this.statesSince(agent, from);
					return (since.includes('working') || (state !== 'idle' && since.includes(state))) && this.latest(agent) === state;
				},
				{timeoutMs, intervalMs: 50, what: `${agent} ${state} after the prompt (saw ${JSON.stringify(seen.slice(from).filter((entry) => entry.agent === agent).map((entry) => `${entry.state}[${entry.rule ?? ''}]`))})\n--- screen ---\n${observer?.observer(agent)?.screen.snapshot().lines.join('\n') ?? '(no stream)'}`},
			);
		},
		/** States reported for the agent since `from` (an index into `seen`), repeats (observer restarts) folded. */
		statesSince(agent: string, from: number): AgentState[] {
			const states = seen.slice(from).filter((entry) => entry.agent === agent).map((entry) => entry.state);
			return states.filter((state, index) => index === 0 || states[index - 1] !== state);
		},
		tmux(args: string[]): string {
			return execFileSync('tmux', ['-L', world.socket, ...args], {encoding: 'utf8'});
		},
		async cleanup(): Promise<void> {
			await observer?.stop().catch(() => undefined);
			await mock.close().catch(() => undefined);
			// Processes first: a CLI still running could write into the world after it is removed.
			await killProcessesWithEnv(`HOME=${world.home}`);
			core.cleanup();
		},
	};
}

/**
 * Ends every process whose environment holds `marker` (e.g. `HOME=<temp home>`, `CODEX_HOME=…`):
 * what the tests started, including daemons that left the pane's process tree. SIGTERM, then
 * SIGKILL for what is left after a grace period.
 */
export async function killProcessesWithEnv(marker: string): Promise<number[]> {
	const find = () => {
		const pids: number[] = [];
		for (const name of readdirSync('/proc')) {
			if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
			try {
				const environ = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
				if (environ.includes(marker)) pids.push(Number(name));
			} catch {
				// Gone, or not ours to read.
			}
		}
		return pids;
	};
	const first = find();
	for (const pid of first) signal(pid, 'SIGTERM');
	const deadline = Date.now() + 3000;
	while (find().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
	for (const pid of find()) signal(pid, 'SIGKILL');
	return first;
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone.
	}
}

// ------------------------------------------------------------------ screens

export const fixtureSizes: ReadonlyArray<readonly [number, number]> = [
	[200, 50],
	[120, 40],
	[80, 24],
];

export const recording = process.env['TUTTI_RECORD_SCREENS'] === '1';
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'screens');

export type CapturedScreen = {cols: number; rows: number; lines: string[]; title: string};

/** Captures the pane as plain rows, with its title. */
export async function capture(socket: string, session: string): Promise<{lines: string[]; title: string; cols: number; rows: number}> {
	const target = `=${session}:`;
	const [{stdout: text}, {stdout: info}] = await Promise.all([
		run('tmux', ['-L', socket, 'capture-pane', '-p', '-t', target]),
		run('tmux', ['-L', socket, 'display-message', '-p', '-t', target, '#{pane_width}\t#{pane_height}\t#{pane_title}']),
	]);
	const [cols = '0', rows = '0', ...title] = info.replace(/\n$/, '').split('\t');
	return {lines: text.replace(/\n$/, '').split('\n').map((line) => line.trimEnd()), title: title.join('\t'), cols: Number(cols), rows: Number(rows)};
}

/**
 * Shows the live screen at each fixture size (resize-window, then waits for the CLI to redraw
 * and settle) and checks the adapter's rules on each. With TUTTI_RECORD_SCREENS=1 the screens
 * are written as fixtures `<runtime>/<state>--<scenario>--<cols>x<rows>.txt`. Returns to the first
 * size afterwards.
 */
export async function checkScreens(options: {
	socket: string;
	session: string;
	runtime: CliRuntime;
	state: AgentState;
	scenario: string;
	/**
	 * The CLI's version when it is not the pinned one: recorded as `--v<version>` after the scenario,
	 * so fixtures of several versions of one CLI sit side by side (and are scored per version).
	 */
	version?: string;
	/** Sizes to check (recording always uses every fixture size). @default fixtureSizes */
	sizes?: ReadonlyArray<readonly [number, number]>;
	check?: (screen: CapturedScreen) => void;
}): Promise<CapturedScreen[]> {
	const adapter = builtinAdapters.find((candidate) => candidate.id === options.runtime);
	if (!adapter) throw new Error(options.runtime);
	const screens: CapturedScreen[] = [];
	for (const [cols, rows] of recording ? fixtureSizes : (options.sizes ?? fixtureSizes)) {
		await run('tmux', ['-L', options.socket, 'resize-window', '-t', `=${options.session}:`, '-x', String(cols), '-y', String(rows)]);
		const screen = await settled(options.socket, options.session, cols, rows);
		screens.push(screen);
		if (recording) writeFixture(options.runtime, `${options.state}--${options.scenario}${options.version ? `--v${options.version}` : ''}--${cols}x${rows}`, screen);
		const verdict = classifyScreen(adapter.screenRules, {lines: screen.lines, title: screen.title});
		expect.soft({state: verdict?.state, size: `${cols}x${rows}`}, `${options.scenario} ${cols}x${rows}: matched ${verdict?.rule.id ?? 'nothing'} on ${JSON.stringify(verdict?.line)}\n${screen.lines.join('\n')}`).toEqual({
			state: options.state,
			size: `${cols}x${rows}`,
		});
		options.check?.(screen);
	}
	const [cols, rows] = fixtureSizes[0] ?? [200, 50];
	await run('tmux', ['-L', options.socket, 'resize-window', '-t', `=${options.session}:`, '-x', String(cols), '-y', String(rows)]);
	// The CLI redraws after the resize; the test's next keys should not land in the middle of it.
	await settled(options.socket, options.session, cols, rows);
	return screens;
}

/**
 * Waits until the pane has the size and two captures 300 ms apart agree (at most ~2 s: spinners
 * never settle; ~5 s while it stays blank: a CLI that clears the screen on resize and redraws
 * slowly under load is not settled on its blank screen).
 */
async function settled(socket: string, session: string, cols: number, rows: number): Promise<CapturedScreen> {
	const started = Date.now();
	let previous: CapturedScreen | undefined;
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		const screen = await capture(socket, session);
		const blank = screen.lines.every((line) => line.trim() === '');
		const deadline = started + (blank ? 5000 : 2000);
		const same = !blank && previous !== undefined && screen.cols === cols && screen.rows === rows && previous.lines.join('\n') === screen.lines.join('\n') && previous.title === screen.title;
		if (same || Date.now() > deadline) return screen;
		previous = screen;
	}
}

function writeFixture(runtime: string, name: string, screen: CapturedScreen): void {
	const dir = path.join(fixturesDir, runtime);
	mkdirSync(dir, {recursive: true});
	const lines = [...screen.lines];
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	const header = screen.title ? [`#! title: ${screen.title}`] : [];
	writeFileSync(path.join(dir, `${name}.txt`), `${[...header, ...lines].join('\n')}\n`);
}

/** Lines of `<stateDir>/signals.jsonl` written by `tt hook`. */
export function readSignals(stateDir: string): Array<{agent: string; runtime: string; event: string; state: string; detail?: string}> {
	const file = path.join(stateDir, 'signals.jsonl');
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as {agent: string; runtime: string; event: string; state: string; detail?: string});
}

/** Answer text that talks about errors and dialogs; the state must stay idle (trap screens). */
export const trapAnswer = [
	'Here is what the log said when the deploy failed:',
	'',
	'```',
	'API Error: Request rejected (429) · rate limit exceeded',
	'HTTP/1.1 401 Unauthorized',
	'Do you want to proceed?',
	'❯ 1. Yes',
	'```',
	'',
	'That rate limit and the 401 Unauthorized came from the old proxy; nothing is failing now.',
].join('\n');

/** An answer whose last lines quote a CLI's busy line; the state must stay idle. */
export function quotedBusyLineAnswer(busyLine: string): string {
	return ['While it worked, the status line under the transcript looked like this:', '', '```', busyLine, '```'].join('\n');
}
