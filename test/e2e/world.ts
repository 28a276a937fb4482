import {execFileSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, rmdirSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import type {AgentState, StateVerdict} from '../../src/core/state/types.js';
import {WorkspaceObserver} from '../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../helpers/core-world.js';
import {waitFor} from '../helpers/tt.js';
import {MockModelServer} from '../mock-model/server.js';

/**
 * The world a real CLI runs in under tutti (its own HOME, tmux socket, PATH to the cached CLIs, a
 * mock model), without the test runner: the e2e tests and the live truth benchmark share it.
 */
export type CliRuntime = 'claude-code' | 'codex' | 'gemini-cli' | 'qwen-code' | 'opencode' | 'copilot' | 'openclaw';

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

/** Whether a folder and every folder above it are writable by their owner alone. */
function privatePath(dir: string): boolean {
	for (let current = path.resolve(dir); ; current = path.dirname(current)) {
		if ((statSync(current).mode & 0o022) !== 0) return false;
		if (path.dirname(current) === current) return true;
	}
}

/**
 * A temp folder no other user may write into, nor into any folder above it: Gemini CLI and Qwen
 * Code skip tutti's settings file (its MCP server) anywhere else. Under the repository's `.cache`
 * when the checkout's folders allow it, else under the user's own `~/.cache`. Set as TMPDIR, so
 * the worlds of this test file live there (each removes its own folder); `release` removes the
 * folder once it is empty (call it after them).
 */
export function usePrivateTemp(repoRoot: string): {dir: string; release: () => void} {
	for (const base of [path.join(repoRoot, '.cache'), path.join(os.homedir(), '.cache')]) {
		mkdirSync(base, {recursive: true});
		if (!privatePath(base)) continue;
		const dir = path.join(base, 'tutti-e2e-private');
		mkdirSync(dir, {recursive: true, mode: 0o700});
		process.env['TMPDIR'] = dir;
		const release = () => {
			try {
				rmdirSync(dir);
			} catch {
				// Not empty (another test file's worlds still live there), or gone.
			}
		};
		return {dir, release};
	}
	throw new Error(`no folder without group- or world-writable parents for Gemini CLI / Qwen Code settings (tried ${repoRoot}/.cache and ~/.cache)`);
}
