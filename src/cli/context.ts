import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {registerBuiltinAdapters} from '../adapters/index.js';
import {customScreenRules} from '../adapters/custom/index.js';
import {AdapterRegistry} from '../core/agents/registry.js';
import {WorkspaceContext, type Services} from '../core/agents/context.js';
import {listRegisteredWorkspaces, loadGlobalConfig, loadWorkspaceConfig, resolveWorkspaceByName} from '../core/config/index.js';
import {TuttiError} from '../core/errors.js';
import {defaultRunner} from '../core/process/runner.js';
import {Tmux} from '../core/tmux/client.js';
import {resolveSocketName} from '../core/tmux/names.js';
import {ensureTmuxConf} from '../core/tmux/tmux-conf.js';
import type {Output} from './output.js';

/** Builds the process-wide services once. Global config warnings go to stderr. */
export function buildServices(output: Output, env: NodeJS.ProcessEnv = process.env): Services {
	const global = loadGlobalConfig(env);
	for (const warning of global.warnings) output.err(`warning: ${warning.message}`);
	let socket: string;
	try {
		socket = resolveSocketName(env, global.config.tmux?.socket);
	} catch (error) {
		throw new TuttiError('ERR_USAGE', error instanceof Error ? error.message : String(error), {hint: 'Fix TUTTI_TMUX_SOCKET or [tmux] socket in the global config.'});
	}
	const adapters = new AdapterRegistry();
	registerBuiltinAdapters(adapters);
	return {
		runner: defaultRunner,
		tmux: new Tmux(defaultRunner, socket, ensureTmuxConf()),
		adapters,
		global: global.config,
		env,
		tuttiBin: tuttiEntry(),
		nodeBin: process.execPath,
		customRules: (agent) => customScreenRules(agent.screen),
	};
}

/** The bundled `tt` entry script (dist/tt.js); the demo agent program sits beside it. */
function tuttiEntry(): string {
	return path.resolve(process.argv[1] ?? fileURLToPath(import.meta.url));
}

export type WorkspaceSelector = {workspace?: string | undefined; cwd?: string};

/** The workspace a command acts on: `-w <name>` from the registry, else the nearest tutti.toml. */
export function openWorkspace(services: Services, output: Output, selector: WorkspaceSelector = {}): WorkspaceContext {
	const start = selector.workspace ? resolveWorkspaceByName(selector.workspace, services.env).root : (selector.cwd ?? process.cwd());
	const loaded = loadWorkspaceConfig(start);
	for (const warning of loaded.warnings) output.err(`warning: ${warning.message}`);
	return new WorkspaceContext(loaded, services);
}

/** Every registered workspace (plus the current one), skipping broken configs with a message. */
export function openAllWorkspaces(services: Services, output: Output): WorkspaceContext[] {
	const contexts: WorkspaceContext[] = [];
	const seen = new Set<string>();
	const add = (root: string, label: string) => {
		try {
			const loaded = loadWorkspaceConfig(root);
			if (seen.has(loaded.root)) return;
			seen.add(loaded.root);
			contexts.push(new WorkspaceContext(loaded, services));
		} catch (error) {
			output.err(`warning: skipping workspace ${label}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		}
	};
	for (const entry of listRegisteredWorkspaces(services.env)) add(entry.root, entry.name);
	try {
		const here = loadWorkspaceConfig(process.cwd());
		if (!seen.has(here.root)) {
			seen.add(here.root);
			contexts.push(new WorkspaceContext(here, services));
		}
	} catch {
		// Not inside a workspace: the registry is all there is.
	}
	return contexts;
}

/** Splits `<workspace>/<agent>` references; a plain name is an agent of the current workspace. */
export function parseAgentRef(reference: string): {workspace: string | undefined; agent: string} {
	const slash = reference.indexOf('/');
	if (slash <= 0) return {workspace: undefined, agent: reference};
	return {workspace: reference.slice(0, slash), agent: reference.slice(slash + 1)};
}
