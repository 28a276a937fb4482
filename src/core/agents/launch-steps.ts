import {chmodSync} from 'node:fs';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {findExecutable} from '../process/which.js';
import type {LaunchSpec} from './adapter.js';
import type {WorkspaceContext} from './context.js';

/** Steps of starting one agent that `tt up` takes in order (up.ts has the order and the why). */

export function requireBinary(spec: LaunchSpec, env: Record<string, string>, installHint: string, agent: string): void {
	const binary = spec.argv[0];
	if (!binary) throw new TuttiError('ERR_RUNTIME_MISSING', `no command to launch for ${agent}`, {hint: 'Set `command` for the agent in tutti.toml.'});
	if (!findExecutable(binary, env['PATH'])) {
		throw new TuttiError('ERR_RUNTIME_MISSING', `${binary} (runtime of agent "${agent}") is not installed or not on PATH`, {hint: installHint});
	}
}

export function writeLaunchFiles(spec: LaunchSpec): void {
	for (const file of spec.files) {
		// Created with its mode (a file holding an agent's MCP secret is never readable by others, even for a moment).
		writeFileAtomic(file.path, file.content, file.mode === undefined ? {} : {mode: file.mode});
		if (file.mode !== undefined) chmodSync(file.path, file.mode);
	}
}

export /**
 * Creates the agent's session. A tmux server that was just killed (or is going away as the first
 * session starts) can refuse one call with "server exited" or "lost server": that is retried once,
 * after a moment, when the session did not come to exist.
 */
async function startSession(tmux: WorkspaceContext['services']['tmux'], options: Parameters<WorkspaceContext['services']['tmux']['newSession']>[0]): Promise<void> {
	try {
		await tmux.newSession(options);
	} catch (error) {
		const text = error instanceof Error ? `${error.message} ${(error as {stderr?: string}).stderr ?? ''}` : String(error);
		if (!/server exited|lost server|no server running|connection refused|error connecting/i.test(text) || (await tmux.hasSession(options.name))) throw error;
		await new Promise((resolve) => setTimeout(resolve, 250));
		await tmux.newSession(options);
	}
}
