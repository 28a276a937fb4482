import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parse, stringify} from 'smol-toml';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {withFileLock} from '../fs-lock.js';
import {defaultGlobalConfigText} from './global-default.js';
import {globalConfigPath, parseGlobalConfig, type ConfigEnv} from './global.js';
import {workspaceName} from './rules.js';

/** Lock timing (reference §2.2). */
const LOCK_RETRY_MS = 50;
const LOCK_TIMEOUT_MS = 5000;
const LOCK_STALE_MS = 30_000;

/** Runs `fn` holding `config.toml.lock` (create-exclusive; waits up to 5 s; steals locks older than 30 s or whose holder is gone). */
export async function withGlobalConfigLock<T>(fn: () => T | Promise<T>, env: ConfigEnv = process.env): Promise<T> {
	const file = globalConfigPath(env);
	mkdirSync(path.dirname(file), {recursive: true});
	return withFileLock(`${file}.lock`, fn, {
		timeoutMs: LOCK_TIMEOUT_MS,
		staleMs: LOCK_STALE_MS,
		retryMs: LOCK_RETRY_MS,
		busy: (lock) => new TuttiError('ERR_STATE', `the global config is locked by another tt process (${lock})`, {hint: `Try again; if no other tt command is running, delete ${lock}.`}),
	});
}

/**
 * Edits the global config text under the lock and writes it atomically. `edit` gets the current
 * text (the commented default when the file is missing) and returns the new text, or undefined
 * to leave the file alone. The result must still be a valid global config.
 */
export async function updateGlobalConfigText(edit: (text: string) => string | undefined, env: ConfigEnv = process.env): Promise<boolean> {
	const file = globalConfigPath(env);
	return withGlobalConfigLock(() => {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			text = defaultGlobalConfigText();
		}
		parseGlobalConfig(text, file);
		const next = edit(text);
		if (next === undefined || next === text) return false;
		parseGlobalConfig(next, file);
		writeFileAtomic(file, next);
		return true;
	}, env);
}

function tomlString(value: string): string {
	return stringify({v: value}).trim().slice('v = '.length);
}

/** Splits `key = value # comment` into its value and trailing comment. */
function readKeyLine(line: string, key: string): {indent: string; value: unknown; comment: string} | undefined {
	const match = new RegExp(`^(\\s*)(?:${key}|"${key}"|'${key}')\\s*=\\s*`).exec(line);
	if (!match) return undefined;
	const rest = line.slice(match[0].length);
	for (let end = 1; end <= rest.length; end++) {
		const tail = rest.slice(end);
		if (!/^\s*(#.*)?$/.test(tail)) continue;
		try {
			const value = parse(`v = ${rest.slice(0, end)}`)['v'];
			return {indent: match[1] ?? '', value, comment: tail.trim()};
		} catch {
			// Not the end of the value yet.
		}
	}
	return undefined;
}

const BLOCK_HEADER = /^\s*\[\[\s*registered_workspace\s*\]\]\s*(#.*)?$/;
const ANY_HEADER = /^\s*\[/;

/**
 * Adds a `[[registered_workspace]]` block, or rewrites the `path` line of the block with the same
 * name, leaving every other line (comments included) as it was. Undefined: nothing to change.
 */
export function setRegisteredWorkspaceText(text: string, name: string, root: string): string | undefined {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const lines = text.split(/\r?\n/);
	for (let start = 0; start < lines.length; start++) {
		if (!BLOCK_HEADER.test(lines[start]!)) continue;
		let end = start + 1;
		while (end < lines.length && !ANY_HEADER.test(lines[end]!)) end++;
		let nameLine = -1;
		let pathLine = -1;
		for (let index = start + 1; index < end; index++) {
			if (readKeyLine(lines[index]!, 'name')?.value === name) nameLine = index;
			if (readKeyLine(lines[index]!, 'path') !== undefined) pathLine = index;
		}
		if (nameLine === -1) continue;
		const newLine = `path = ${tomlString(root)}`;
		if (pathLine === -1) {
			lines.splice(nameLine + 1, 0, `${/^\s*/.exec(lines[nameLine]!)![0]}${newLine}`);
		} else {
			const current = readKeyLine(lines[pathLine]!, 'path')!;
			if (current.value === root) return undefined;
			lines[pathLine] = `${current.indent}${newLine}${current.comment === '' ? '' : ` ${current.comment}`}`;
		}
		return lines.join(eol);
	}
	let out = text;
	if (out !== '' && !out.endsWith('\n')) out += eol;
	if (out.trim() !== '') out += eol;
	return `${out}[[registered_workspace]]${eol}name = ${tomlString(name)}${eol}path = ${tomlString(root)}${eol}`;
}

export type RegisterResult = {action: 'added' | 'updated' | 'unchanged'; path: string};

/** Registers (or re-points) a workspace in the global config, keeping the user's comments and layout. */
export async function registerWorkspace(name: string, root: string, env: ConfigEnv = process.env): Promise<RegisterResult> {
	const file = globalConfigPath(env);
	const checked = workspaceName.safeParse(name);
	if (!checked.success) {
		throw new TuttiError('ERR_CONFIG_INVALID', `cannot register workspace ${JSON.stringify(name)}: not a valid workspace name`, {
			hint: 'Use a non-empty name of at most 64 characters without "/" or control characters.',
		});
	}
	const absolute = path.resolve(root);
	let action: RegisterResult['action'] = 'unchanged';
	await updateGlobalConfigText((text) => {
		const before = parseGlobalConfig(text, file).config.registered_workspace.some((entry) => entry.name === name);
		const next = setRegisteredWorkspaceText(text, name, absolute);
		if (next === undefined) return undefined;
		const after = parseGlobalConfig(next, file).config.registered_workspace.filter((entry) => entry.name === name);
		if (!after.some((entry) => entry.path === absolute) || (before && after.length > 1)) {
			throw new TuttiError('ERR_CONFIG_INVALID', `could not update workspace "${name}" in ${file} without rewriting it`, {
				hint: `Edit ${file} by hand: set the path of [[registered_workspace]] "${name}" to ${absolute}.`,
			});
		}
		action = before ? 'updated' : 'added';
		return next;
	}, env);
	return {action, path: file};
}
