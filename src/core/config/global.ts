import {readConfigText} from './read-text.js';
import os from 'node:os';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import type {ConfigWarning} from './findings.js';
import {applySchema, parseToml} from './parse.js';
import {GlobalConfigSchema, type GlobalConfig} from './schema-global.js';
import {suggest} from './suggest.js';

/** Environment variables the global config location depends on (read at call time). */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

export type LoadedGlobalConfig = {
	/** Where the file is (or would be). */
	path: string;
	/** Whether the file exists; a missing file means all defaults. */
	exists: boolean;
	config: GlobalConfig;
	warnings: ConfigWarning[];
};

export type RegisteredWorkspace = {name: string; root: string};

/** `$XDG_CONFIG_HOME/tutti`, else `$HOME/.config/tutti` (tutti v0.8 ignored XDG). */
export function globalConfigDir(env: ConfigEnv = process.env): string {
	const xdg = env['XDG_CONFIG_HOME'];
	if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'tutti');
	const home = env['HOME'] || os.homedir();
	return path.join(home, '.config', 'tutti');
}

export function globalConfigPath(env: ConfigEnv = process.env): string {
	return path.join(globalConfigDir(env), 'config.toml');
}

/** Parses global config text (throws ERR_CONFIG_SYNTAX / ERR_CONFIG_INVALID). */
export function parseGlobalConfig(text: string, file: string): {config: GlobalConfig; warnings: ConfigWarning[]} {
	return applySchema(GlobalConfigSchema, parseToml(text, file), file, text, 'global-config.schema.json');
}

function readIfExists(file: string): string | undefined {
	try {
		return readConfigText(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** Loads the global config; a missing file yields the defaults. */
export function loadGlobalConfig(env: ConfigEnv = process.env): LoadedGlobalConfig {
	const file = globalConfigPath(env);
	const text = readIfExists(file);
	if (text === undefined) return {path: file, exists: false, config: GlobalConfigSchema.parse({}), warnings: []};
	return {path: file, exists: true, ...parseGlobalConfig(text, file)};
}

/** Workspaces registered by `tt init`, in file order. */
export function listRegisteredWorkspaces(env: ConfigEnv = process.env): RegisteredWorkspace[] {
	return loadGlobalConfig(env).config.registered_workspace.map((entry) => ({name: entry.name, root: entry.path}));
}

/** The registered workspace called `name`, or ERR_WORKSPACE_UNKNOWN. */
export function resolveWorkspaceByName(name: string, env: ConfigEnv = process.env): RegisteredWorkspace {
	const workspaces = listRegisteredWorkspaces(env);
	const found = workspaces.find((workspace) => workspace.name === name);
	if (found) return found;
	const close = suggest(
		name,
		workspaces.map((workspace) => workspace.name),
	);
	const known = workspaces.length > 0 ? ` Registered: ${workspaces.map((workspace) => workspace.name).join(', ')}.` : '';
	throw new TuttiError('ERR_WORKSPACE_UNKNOWN', `unknown workspace "${name}"`, {
		hint: `${close === undefined ? '' : `Did you mean "${close}"? `}Run \`tt init\` in that project to register it.${known}`,
		details: {workspace: name, known: workspaces.map((workspace) => workspace.name)},
	});
}
