import * as z from 'zod';
import {normalizeRuntime, runtimeAliases, runtimeIds, type RuntimeId} from '../agents/adapter.js';
import {suggest} from './suggest.js';
import {parseDuration} from '../duration.js';
import {parseByteSize} from '../byte-size.js';

/**
 * Field-level rules shared by the schemas. Every message starts with "expected …"; the error
 * formatter appends ", got <value>".
 */

/** Agent names become tmux session names, branch names and paths. */
export const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
/** Artifact names and step ids become file names under `.tutti/state/workflow-outputs/`. */
export const FILE_ID = /^[A-Za-z0-9_-]+$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const TMUX_SOCKET = /^[A-Za-z0-9_.-]+$/;
/** Any `{{output.…}}` template; groups: id, field (`path` or `json` when valid — checked by validation). */
export const OUTPUT_TEMPLATE = /\{\{\s*output\.([^.}\s]*)\.?([^}\s]*)\s*\}\}/g;
/** `{{output.<id>.path}}`, the only template allowed in paths. */
const PATH_TEMPLATE = /\{\{\s*output\.[A-Za-z0-9_-]+\.path\s*\}\}/g;

const CONTROL = /[\u0000-\u001F\u007F]/;

export const nonEmpty = z.string().refine((value) => value.trim() !== '', 'expected a non-empty string');

export const agentName = z
	.string()
	.regex(AGENT_NAME, 'expected a name of letters, digits, "-" and "_" that starts with a letter or digit (at most 63 characters)');

export const workspaceName = z
	.string()
	.refine((value) => value.trim() !== '' && value.length <= 64 && !value.includes('/') && !CONTROL.test(value), {
		message: 'expected a non-empty name of at most 64 characters without "/" or control characters',
	});

/** Names that are printed and used as keys (workflows, tool packs, profiles). */
export const label = z
	.string()
	.refine((value) => value.trim() !== '' && !CONTROL.test(value), 'expected a non-empty name without control characters');

export const envName = z.string().regex(ENV_NAME, 'expected an environment variable name (letters, digits and "_", not starting with a digit)');

export const envTable = z.record(envName, z.string()).default(() => ({}));

/** Why `ref` is not a valid git branch name (git check-ref-format rules), or undefined. */
export function gitRefProblem(ref: string): string | undefined {
	if (ref === '' || ref === '@') return 'it is empty or "@"';
	if (ref.startsWith('-')) return 'it starts with "-"';
	if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//')) return 'it has an empty path component';
	if (ref.endsWith('.')) return 'it ends with "."';
	if (ref.includes('..')) return 'it contains ".."';
	if (ref.includes('@{')) return 'it contains "@{"';
	if (CONTROL.test(ref) || /[ ~^:?*[\\]/.test(ref)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
	for (const part of ref.split('/')) {
		if (part.startsWith('.')) return 'a component starts with "."';
		if (part.endsWith('.lock')) return 'a component ends with ".lock"';
	}
	return undefined;
}

export const gitBranch = z.string().superRefine((value, context) => {
	const problem = gitRefProblem(value);
	if (problem) context.addIssue({code: 'custom', message: 'expected a valid git branch name', params: {reason: problem}});
});

/** Why `value` is not a safe project-relative path, or undefined. */
export function relativePathProblem(value: string): string | undefined {
	if (value.trim() === '') return 'it is empty';
	if (value.startsWith('/') || value.startsWith('\\') || /^[A-Za-z]:/.test(value) || value.startsWith('~')) return 'it is absolute';
	if (value.split(/[/\\]/).includes('..')) return 'it has a ".." component';
	if (CONTROL.test(value)) return 'it contains control characters';
	return undefined;
}

function relativePath(allowTemplates: boolean) {
	return z.string().superRefine((value, context) => {
		// A template expands to a file under .tutti/state; what surrounds it must stay relative.
		const checked = allowTemplates ? value.replaceAll(PATH_TEMPLATE, 'x') : value;
		const problem = allowTemplates && checked.includes('{{') ? 'it has a template other than {{output.<id>.path}}' : relativePathProblem(checked);
		if (problem) {
			const extra = allowTemplates ? ' (or an {{output.<id>.path}} template)' : '';
			context.addIssue({code: 'custom', message: `expected a path relative to the project without ".."${extra}`, params: {reason: problem}});
		}
	});
}

/** A project-relative path: not absolute, no `..` component. */
export const projectPath = relativePath(false);
/** A project-relative path, or one built from `{{output.<id>.path}}` templates. */
export const projectPathOrTemplate = relativePath(true);

export const regexSource = z.string().superRefine((value, context) => {
	try {
		new RegExp(value);
	} catch (error) {
		context.addIssue({code: 'custom', message: 'expected a valid regular expression', params: {reason: (error as Error).message}});
	}
});

/** tmux's names for keys that are not one character (`send-keys` types any other word as text). */
export const tmuxKeyNames: readonly string[] = ['Enter', 'Escape', 'Tab', 'BTab', 'BSpace', 'Space', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'IC', 'DC', ...Array.from({length: 12}, (_, index) => `F${index + 1}`)];
/** What people write for a key in other tools, and tmux's name for it. */
const tmuxKeyAliases: Readonly<Record<string, string>> = {esc: 'Escape', return: 'Enter', ret: 'Enter', backspace: 'BSpace', del: 'DC', delete: 'DC', insert: 'IC', pgup: 'PageUp', pgdn: 'PageDown', 'shift-tab': 'BTab'};

/**
 * One key for tmux `send-keys`: a single character, or a tmux key name, optionally with `C-`, `M-`
 * or `S-` (`y`, `1`, `Enter`, `Escape`, `C-c`). A longer word would be typed as text, never
 * pressed as a key, so it is refused with the name the user probably meant.
 */
export const tmuxKey = z.string().superRefine((value, context) => {
	const key = value.replace(/^(?:[CMS]-)+/u, '');
	if ([...key].length === 1 && !/\p{Cc}/u.test(key)) return;
	if (tmuxKeyNames.includes(key)) return;
	const meant = tmuxKeyAliases[key.toLowerCase()] ?? tmuxKeyNames.find((name) => name.toLowerCase() === key.toLowerCase()) ?? suggest(key, tmuxKeyNames);
	const reason = meant ? `did you mean "${value.slice(0, value.length - key.length)}${meant}"?` : undefined;
	context.addIssue({code: 'custom', message: 'expected one character or a tmux key name (Enter, Escape, Tab, Space, Up, Down, C-c, …)', params: reason ? {reason} : {}});
});

export const timezone = z.string().superRefine((value, context) => {
	try {
		new Intl.DateTimeFormat('en-US', {timeZone: value});
	} catch {
		context.addIssue({code: 'custom', message: 'expected an IANA time zone name such as "UTC" or "Europe/Paris"'});
	}
});

export const positiveInt = z.number().int().positive();

/** A length of time with its unit: `30m`, `90s`, `2h`, `1h30m`, `1d`. */
export const duration = z.string().refine((value) => parseDuration(value) !== undefined, 'expected a duration with a unit, such as "30m", "90s", "2h" or "1h30m"');
export const byteSize = z.string().refine((value) => (parseByteSize(value) ?? 0) >= 16 * 1024 ** 2, 'expected a memory size of at least 16M with a unit, such as "512M", "4G" or "1.5GiB"');
export const port = z.number().int().min(1).max(65_535);

/** All spellings accepted for a runtime, for "allowed" lists and suggestions. */
export const runtimeNames: readonly string[] = [...runtimeIds, ...Object.keys(runtimeAliases)];

/** A runtime id or alias, normalised to its id. */
export const runtime = z.string().transform((value, context): RuntimeId => {
	const id = normalizeRuntime(value);
	if (id === undefined) {
		context.issues.push({code: 'custom', message: 'expected a runtime name', input: value, params: {allowed: runtimeIds, suggest: runtimeNames}});
		return z.NEVER;
	}
	return id;
});
