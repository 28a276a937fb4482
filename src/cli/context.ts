import {fileURLToPath} from 'node:url';
import {WorkspaceContext, type Services} from '../core/agents/context.js';
import type {FastGlobal} from '../core/config/fast.js';
import {TuttiError} from '../core/errors.js';
import {entryScript} from '../core/entry-script.js';
import {resolveSocketName} from '../core/tmux/names.js';
import {wireCore} from './core-wiring.js';
import type {Output} from './output.js';

/** Builds the process-wide services once, from an already loaded global config. */
export function buildServices(output: Output, global: FastGlobal, env: NodeJS.ProcessEnv = process.env): Services {
	for (const warning of global.warnings) output.err(`warning: ${warning.text}`);
	let socket: string;
	try {
		socket = resolveSocketName(env, global.config.tmux?.socket);
	} catch (error) {
		throw new TuttiError('ERR_USAGE', error instanceof Error ? error.message : String(error), {hint: 'Fix TUTTI_TMUX_SOCKET or [tmux] socket in the global config.'});
	}
	return wireCore({env, socket, global: global.config, tuttiBin: tuttiEntry()});
}

/** The bundled `tt` entry script (dist/tt.js); the demo agent program sits beside it. */
function tuttiEntry(): string {
	return entryScript(process.argv[1], fileURLToPath(import.meta.url));
}

export type WorkspaceSelector = {workspace?: string | undefined; cwd?: string};

/** Splits `<workspace>/<agent>` references; a plain name is an agent of the current workspace. */
export function parseAgentRef(reference: string): {workspace: string | undefined; agent: string} {
	const slash = reference.indexOf('/');
	if (slash <= 0) return {workspace: undefined, agent: reference};
	return {workspace: reference.slice(0, slash), agent: reference.slice(slash + 1)};
}

export {WorkspaceContext};
