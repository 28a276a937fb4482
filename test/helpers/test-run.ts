import os from 'node:os';
import path from 'node:path';

/**
 * Identity of one vitest run, so its leftovers can be told apart from those of other runs on
 * the same machine (several developers run the suites side by side).
 *
 * Global setup picks the id and puts it in the environment before the workers start; workers and
 * everything they spawn (tt, tmux servers, agents, git) inherit it. It also points `TMPDIR` at a
 * folder of the run's own, so every temp folder a test (or the product, or an agent CLI) makes
 * lands there.
 */
export const runIdVariable = 'TUTTI_TEST_RUN';

/** This run's id, or `adhoc` when a test file runs without the global setup. */
export function currentRunId(): string {
	return process.env[runIdVariable] ?? 'adhoc';
}

/** The prefix of every tmux socket name this run's tests use. */
export function socketPrefix(runId: string = currentRunId()): string {
	return `tutti-test-${runId}-`;
}

/** The run's temp root: `tutti-run-<id>` in the temp folder the run was started with. */
export function runTempRoot(runId: string, baseTemp: string = os.tmpdir()): string {
	return path.join(baseTemp, `tutti-run-${runId}`);
}

/** Where tmux keeps sockets for `-L name` (tmux reads `TMUX_TMPDIR`, not `TMPDIR`). */
export function tmuxSocketDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['TMUX_TMPDIR'] || '/tmp';
	return path.join(base, `tmux-${process.getuid?.() ?? 0}`);
}
