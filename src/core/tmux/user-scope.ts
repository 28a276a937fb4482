import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import type {Runner} from '../process/runner.js';
import {findExecutable} from '../process/which.js';

/** Whether tutti's tmux server was started in a systemd user scope of its own, and why (not). */
export type ScopeOutcome = {scoped: true; unit: string} | {scoped: false; reason: string};

/** Once systemd-run has failed in this process (no user manager), later starts do not try again. */
let unavailable: string | undefined;

/**
 * Starts tutti's tmux server in a transient systemd user scope (`systemd-run --user --scope`)
 * where the machine has a systemd user manager, so the server — every agent — is not part of the
 * login session that started it: closing that SSH session does not take the agents with it (with
 * lingering on, not even the last one; `tt doctor` says whether it is). Elsewhere — macOS, a
 * container, `TUTTI_SYSTEMD_SCOPE=0` — it returns why not, and the caller starts tmux as usual.
 * `tmuxArgv` is the whole tmux command (`tmux -L <socket> -f <conf> start-server`).
 */
export async function startInUserScope(runner: Runner, tmuxArgv: readonly string[], env: Record<string, string | undefined>, processEnv: NodeJS.ProcessEnv = process.env): Promise<ScopeOutcome> {
	if (process.platform !== 'linux') return {scoped: false, reason: 'not Linux'};
	if (processEnv['TUTTI_SYSTEMD_SCOPE'] === '0') return {scoped: false, reason: 'TUTTI_SYSTEMD_SCOPE=0'};
	if (unavailable !== undefined) return {scoped: false, reason: unavailable};
	const systemdRun = findExecutable('systemd-run', processEnv['PATH']);
	if (!systemdRun) return {scoped: false, reason: (unavailable = 'systemd-run is not installed')};
	const unit = `tutti-tmux-${randomBytes(4).toString('hex')}`;
	const result = await runner.run(systemdRun, ['--user', '--scope', '--quiet', '--collect', `--unit=${unit}`, '--', ...tmuxArgv], {reject: false, env, timeoutMs: 15_000});
	if (result.exitCode === 0) return {scoped: true, unit};
	unavailable = `systemd-run --user failed: ${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}`;
	return {scoped: false, reason: unavailable};
}

/** Whether `systemd-run --user --scope` works here, asked once per process (with what failed, when it does not). */
let probed: Promise<{ok: boolean; why: string}> | undefined;

/**
 * Whether transient systemd user scopes work on this machine: the tmux server's scope (above) and
 * the agents' memory caps (resources/memory-cap.ts) ask this one question. A failed start of the
 * tmux server's scope has answered it already; otherwise `systemd-run --user --scope -- true`.
 */
export function userScopesWork(runner: Runner, env: Record<string, string | undefined>): Promise<{ok: boolean; why: string}> {
	if (process.platform !== 'linux') return Promise.resolve({ok: false, why: 'not Linux'});
	if (env['TUTTI_SYSTEMD_SCOPE'] === '0') return Promise.resolve({ok: false, why: 'TUTTI_SYSTEMD_SCOPE=0'});
	if (unavailable !== undefined) return Promise.resolve({ok: false, why: unavailable});
	return (probed ??= (async () => {
		const systemdRun = findExecutable('systemd-run', env['PATH']);
		if (!systemdRun) return {ok: false, why: (unavailable = 'systemd-run is not installed')};
		const result = await runner.run(systemdRun, ['--user', '--scope', '--quiet', '--collect', '--', 'true'], {reject: false, env, timeoutMs: 15_000});
		if (result.exitCode === 0) return {ok: true, why: 'systemd user scopes work'};
		unavailable = `no systemd user manager (${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`})`;
		return {ok: false, why: unavailable};
	})());
}

/** The systemd unit a process runs in (from /proc/<pid>/cgroup), or undefined off Linux/systemd. */
export function unitOfProcess(pid: number): string | undefined {
	try {
		const cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
		return /\/([^/\n]+\.(?:scope|service))\s*$/m.exec(cgroup)?.[1];
	} catch {
		return undefined;
	}
}

/** For tests: forget an earlier failure. */
export function resetUserScopeProbe(): void {
	unavailable = undefined;
	probed = undefined;
}
