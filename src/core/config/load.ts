import {statSync} from 'node:fs';
import {readConfigText} from './read-text.js';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import type {ConfigWarning} from './findings.js';
import {invalidConfigError} from './format-errors.js';
import {applySchema, parseToml} from './parse.js';
import {TuttiConfigSchema, type TuttiConfig} from './schema-workspace.js';
import {validateWorkspaceConfig} from './validate.js';

export const CONFIG_FILE_NAME = 'tutti.toml';

export type ParsedWorkspaceConfig = {config: TuttiConfig; warnings: ConfigWarning[]};

export type LoadedWorkspaceConfig = ParsedWorkspaceConfig & {
	/** Absolute path of tutti.toml. */
	path: string;
	/** Project root: the directory holding tutti.toml. */
	root: string;
};

function isFile(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		return false;
	}
}

/** The nearest `tutti.toml` in `startDir` or one of its parents, or undefined. */
export function findConfig(startDir: string): string | undefined {
	let dir = path.resolve(startDir);
	for (;;) {
		const candidate = path.join(dir, CONFIG_FILE_NAME);
		if (isFile(candidate)) return candidate;
		const parent = path.dirname(dir);
		if (parent === dir) return undefined;
		dir = parent;
	}
}

/**
 * Parses and validates tutti.toml text. Throws ERR_CONFIG_SYNTAX or ERR_CONFIG_INVALID; `file`
 * is only used in messages.
 */
export function parseWorkspaceConfig(text: string, file: string = CONFIG_FILE_NAME): ParsedWorkspaceConfig {
	const raw = parseToml(text, file);
	const {config, warnings} = applySchema(TuttiConfigSchema, raw, file, text);
	const findings = validateWorkspaceConfig(config, raw);
	if (findings.errors.length > 0) throw invalidConfigError(file, findings.sortedErrors(), text);
	return {config, warnings: [...warnings, ...findings.warningsFor(file)]};
}

/** Finds tutti.toml from `startDir` upwards and loads it. */
export function loadWorkspaceConfig(startDir: string): LoadedWorkspaceConfig {
	const file = findConfig(startDir);
	if (file === undefined) {
		throw new TuttiError('ERR_CONFIG_NOT_FOUND', `no ${CONFIG_FILE_NAME} in ${path.resolve(startDir)} or any parent directory`, {
			hint: 'Run `tt init` to create one, or cd into a project that has a tutti.toml.',
		});
	}
	const text = readConfigText(file);
	return {path: file, root: path.dirname(file), ...parseWorkspaceConfig(text, file)};
}

/** The `# template: <id> <version>` tag `tt init` writes on the first line, if any. */
export function parseTemplateTag(text: string): {id: string; version: string} | undefined {
	const first = text.split(/\r?\n/, 1)[0] ?? '';
	const match = /^#\s*template:\s*([A-Za-z0-9_-]+)\s+(\S+)\s*$/.exec(first);
	return match ? {id: match[1]!, version: match[2]!} : undefined;
}
