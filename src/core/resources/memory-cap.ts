import {parseByteSize} from '../byte-size.js';
import type {AgentConfig, TuttiConfig} from '../config/index.js';
import {formatBytes} from '../model/resources-text.js';
import type {Runner} from '../process/runner.js';
import {findExecutable} from '../process/which.js';
import {userScopesWork} from '../tmux/user-scope.js';

/** What holds an agent to its `memory_max`: the kernel (a systemd scope's MemoryMax) or the recorder's watchdog. */
export type MemoryCapEnforcer = 'systemd' | 'watchdog';

/** The agent's memory cap in bytes: its own `memory_max`, else `[resources] memory_max`; undefined: none. */
export function memoryCapOf(config: Pick<TuttiConfig, 'resources'>, agent: Pick<AgentConfig, 'memory_max'>): number | undefined {
	const text = agent.memory_max ?? config.resources.memory_max;
	return text === undefined ? undefined : parseByteSize(text);
}

/** What holds `memory_max` on this machine, and why (`tt doctor`; the launch asks the same once). */
export async function memoryCapEnforcer(runner: Runner, env: Record<string, string | undefined>): Promise<{enforcer: MemoryCapEnforcer; why: string}> {
	const scopes = await userScopesWork(runner, env);
	return {enforcer: scopes.ok ? 'systemd' : 'watchdog', why: scopes.why};
}

/**
 * The pane command for an agent with a memory cap. Where systemd user scopes work, the CLI runs in
 * a scope of its own with `MemoryMax` (and no swap to hide in): the kernel holds the whole process
 * tree to the cap. Elsewhere the argv is unchanged and the recorder's watchdog stops the agent
 * when its processes pass the cap (MemoryWatchdog) — said once in the launch's warnings.
 */
export async function memoryCappedLaunch(
	cap: number,
	argv: readonly string[],
	unit: string,
	runner: Runner,
	env: Record<string, string | undefined>,
): Promise<{argv: string[]; enforcer: MemoryCapEnforcer; warning: string | undefined}> {
	const {enforcer, why} = await memoryCapEnforcer(runner, env);
	if (enforcer === 'watchdog') return {argv: [...argv], enforcer, warning: `memory_max ${formatBytes(cap)}: ${why}, so the recorder (tt watch, tt serve) stops the agent when its processes pass it`};
	const systemdRun = findExecutable('systemd-run', env['PATH']) ?? 'systemd-run';
	return {argv: [systemdRun, '--user', '--scope', '--quiet', '--collect', `--unit=${unit}`, '-p', `MemoryMax=${cap}`, '-p', 'MemorySwapMax=0', '--', ...argv], enforcer: 'systemd', warning: undefined};
}
