import {existsSync} from 'node:fs';
import path from 'node:path';
import type * as z from 'zod';
import type {TomlError} from 'smol-toml';
import {TuttiError} from '../errors.js';
import {findPackageRoot} from '../package-root.js';
import {TomlPositions} from './locate.js';
import {describePath, describeValue, valueAt, type KeyPath} from './paths.js';
import {suggest} from './suggest.js';

/** One problem in a config file: where it is (a readable key path) and what is wrong. */
export type ConfigIssue = {
	path: KeyPath;
	where: string;
	message: string;
	/** The key to point at in the file when it is not `path` (a misspelling of a missing key). */
	at?: KeyPath;
	/** Where in the file, when the text was at hand (1-based). */
	line?: number;
	column?: number;
};

type Described = {path: KeyPath; message: string; at?: KeyPath};

type ZodIssue = z.core.$ZodIssue;

/** How many issues an ERR_CONFIG_INVALID message lists (all are in `details.issues`). */
export const MAX_LISTED_ISSUES = 5;

/** Where every key is described: the docs shipped in tutti's package, by their full path (a bare `docs/config.md` means the user's own folder). */
function docsHint(schema: ConfigSchemaFile): string {
	const root = findPackageRoot();
	const docs = root === undefined ? undefined : path.join(root, 'docs');
	if (docs === undefined || !existsSync(path.join(docs, 'config.md'))) return `every key is described in docs/config.md of tutti's package (JSON Schema for editors: docs/schema/${schema})`;
	return `every key is described in ${path.join(docs, 'config.md')} (JSON Schema for editors: ${path.join(docs, 'schema', schema)})`;
}

/** The JSON Schema of a config file: tutti.toml's, or the global config's. */
export type ConfigSchemaFile = 'tutti.schema.json' | 'global-config.schema.json';

const nouns: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	int: 'an integer',
	boolean: 'true or false',
	array: 'an array',
	object: 'a table',
	record: 'a table',
	date: 'a date',
};

function noun(expected: string): string {
	return nouns[expected] ?? expected;
}

function allowedSuffix(allowed: readonly unknown[], got: unknown, candidates: readonly unknown[] = allowed): string {
	const names = allowed.map(String);
	const close = typeof got === 'string' ? suggest(got, candidates.map(String)) : undefined;
	return ` (allowed: ${names.join(', ')}${close === undefined ? '' : `; did you mean "${close}"?`})`;
}

function bound(inclusive: boolean | undefined, big: boolean): string {
	if (big) return inclusive ? '≤' : '<';
	return inclusive ? '≥' : '>';
}

function sizeMessage(issue: Extract<ZodIssue, {code: 'too_small' | 'too_big'}>, got: string): string {
	const big = issue.code === 'too_big';
	const limit = Number(big ? issue.maximum : issue.minimum);
	if (issue.origin === 'string') {
		if (!big && limit === 1) return `expected a non-empty string, got ${got}`;
		return `expected a string of ${big ? 'at most' : 'at least'} ${limit} characters, got ${got}`;
	}
	if (issue.origin === 'array') {
		const entries = `${limit} entr${limit === 1 ? 'y' : 'ies'}`;
		return `expected ${big ? 'at most' : 'at least'} ${entries}, got ${got}`;
	}
	return `expected a number ${bound(issue.inclusive, big)} ${limit}, got ${got}`;
}

/**
 * A key written next to where `path` is missing that looks like a misspelling of it
 * (`[workspce]` for `workspace`), with the words that say so.
 */
function misspelling(raw: unknown, path: KeyPath): {at: KeyPath; words: string} | undefined {
	const name = path.at(-1);
	const parent = valueAt(raw, path.slice(0, -1));
	if (typeof name !== 'string' || parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
	const written = suggest(name, Object.keys(parent));
	if (written === undefined) return undefined;
	return {at: [...path.slice(0, -1), written], words: `; did you mean "${name}" where you wrote "${written}"?`};
}

/** The message for one zod issue; `raw` is the parsed TOML, used for "got …". */
function messageFor(issue: ZodIssue, raw: unknown, path: KeyPath): Described {
	const input = valueAt(raw, path);
	if (input === undefined) {
		const typo = misspelling(raw, path);
		if (typo) {
			const described = describeIssue(issue, raw, path, input);
			return {...described, message: described.message.replace(/\)$/, `${typo.words})`), at: typo.at};
		}
	}
	return describeIssue(issue, raw, path, input);
}

function describeIssue(issue: ZodIssue, raw: unknown, path: KeyPath, input: unknown): Described {
	const got = describeValue(input);
	const missing = input === undefined;
	switch (issue.code) {
		case 'invalid_type':
			if (missing) return {path, message: `required key is missing (expected ${noun(issue.expected)})`};
			return {path, message: `expected ${noun(issue.expected)}, got ${got}`};
		case 'invalid_value': {
			const suffix = allowedSuffix(issue.values, input);
			return {path, message: missing ? `required key is missing${suffix}` : `expected one of the allowed values, got ${got}${suffix}`};
		}
		case 'invalid_union': {
			if (issue.discriminator !== undefined) {
				const suffix = allowedSuffix('options' in issue ? (issue.options ?? []) : [], input);
				return {path, message: missing ? `required key is missing${suffix}` : `expected one of the allowed values, got ${got}${suffix}`};
			}
			const branches = issue.errors.filter((branch) => branch.length > 0);
			const deeper = branches.find((branch) => !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0));
			if (deeper) return messageFor(deeper[0]!, raw, [...path, ...deeper[0]!.path]);
			const expected = branches.map((branch) => noun((branch[0] as {expected?: string}).expected ?? 'value'));
			return {path, message: missing ? `required key is missing (expected ${expected.join(' or ')})` : `expected ${expected.join(' or ')}, got ${got}`};
		}
		case 'too_small':
		case 'too_big':
			return {path, message: sizeMessage(issue, got)};
		case 'invalid_format': {
			const expected = issue.message.startsWith('expected') ? issue.message : `expected a string matching ${issue.pattern ?? issue.format}`;
			return {path, message: `${expected}, got ${got}`};
		}
		case 'invalid_key': {
			const inner = issue.issues[0];
			const expected = inner?.message.startsWith('expected') ? inner.message : 'expected a valid key';
			return {path, message: `${expected}, got key ${JSON.stringify(String(path.at(-1)))}`};
		}
		case 'custom': {
			const params = (issue.params ?? {}) as {reason?: string; allowed?: readonly unknown[]; suggest?: readonly unknown[]};
			let message = missing ? `required key is missing (${issue.message})` : `${issue.message}, got ${got}`;
			if (params.reason) message += ` (${params.reason})`;
			if (params.allowed) message += allowedSuffix(params.allowed, input, params.suggest ?? params.allowed);
			return {path, message};
		}
		default:
			return {path, message: issue.message};
	}
}

/** Turns zod issues into readable config issues. */
export function issuesFromZod(issues: readonly ZodIssue[], raw: unknown): ConfigIssue[] {
	return issues.map((issue) => {
		const {path, message, at} = messageFor(issue, raw, issue.path);
		return {path, where: describePath(path, raw), message, ...(at ? {at} : {})};
	});
}

/** Adds the line and column of each issue's key or value in `text` (the file the issues are about). */
export function locateIssues(issues: readonly ConfigIssue[], text: string): ConfigIssue[] {
	const positions = new TomlPositions(text);
	return issues.map((issue) => {
		const found = issue.at ? positions.findKey(issue.at) : positions.find(issue.path);
		return found ? {...issue, line: found.line, column: found.column} : issue;
	});
}

/** `file:line:column: where: message` (`file: …` when the position is not known). */
export function formatIssue(file: string, issue: ConfigIssue): string {
	const place = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
	return issue.where === '' ? `${place}: ${issue.message}` : `${place}: ${issue.where}: ${issue.message}`;
}

/**
 * ERR_CONFIG_INVALID listing at most five issues; all of them are in `details.issues`. With the
 * file's `text`, each issue names its line and column.
 */
export function invalidConfigError(file: string, found: readonly ConfigIssue[], text?: string, schema: ConfigSchemaFile = 'tutti.schema.json'): TuttiError {
	const issues = text === undefined ? found : locateIssues(found, text);
	const lines = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `  ${formatIssue(file, issue)}`);
	if (issues.length > MAX_LISTED_ISSUES) lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more`);
	const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
	return new TuttiError('ERR_CONFIG_INVALID', `${file} is not a valid tutti config (${count}):\n${lines.join('\n')}`, {
		hint: `Fix the keys listed above in ${file}; ${docsHint(schema)}.`,
		details: {file, issues: issues.map((issue) => ({path: issue.path.map(String), where: issue.where, message: issue.message, line: issue.line ?? null, column: issue.column ?? null}))},
	});
}

/** ERR_CONFIG_SYNTAX as `file:line:column: message`, then the line and a caret under the column. */
export function syntaxError(file: string, text: string, error: TomlError): TuttiError {
	const lines = text.split(/\r?\n/);
	const reason = error.message.replace(/^Invalid TOML document: /, '').split('\n\n')[0] ?? error.message;
	const unterminated = unterminatedString(lines, error, reason);
	const line = unterminated?.line ?? error.line;
	const column = unterminated?.column ?? error.column;
	const lineText = lines[line - 1] ?? '';
	// Keep tabs so the caret lines up under the column in a terminal.
	const pad = lineText.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
	const gutter = `${line} | `;
	const message = `${file}:${line}:${column}: ${unterminated?.reason ?? reason}\n${gutter}${lineText}\n${' '.repeat(gutter.length)}${pad}^`;
	return new TuttiError('ERR_CONFIG_SYNTAX', message, {
		hint: unterminated ? `Close the string opened at ${file}:${line}:${column}.` : `Fix the TOML syntax at ${file}:${line}:${column} (TOML reference: https://toml.io).`,
		cause: error,
		details: {file, line, column},
	});
}

/**
 * smol-toml reports a string left open at the end of its line as "control characters are not
 * allowed" (the newline is one) and an open multi-line string as "unfinished string": both mean
 * the closing quote is missing, so say that, at the opening quote.
 */
function unterminatedString(lines: readonly string[], error: TomlError, reason: string): {line: number; column: number; reason: string} | undefined {
	const lineText = lines[error.line - 1] ?? '';
	if (reason.startsWith('unfinished string')) {
		const opening = lineText.slice(error.column - 1);
		const quote = /^("""|''')/.exec(opening)?.[1] ?? opening.charAt(0);
		return {line: error.line, column: error.column, reason: `unterminated string: no closing ${quote} before the end of the file`};
	}
	// Only a control character that is the end of the line: a real one inside the string is its own error.
	if (!reason.startsWith('control characters') || error.column - 1 < lineText.length) return undefined;
	const opening = openQuoteColumn(lineText);
	if (opening === undefined) return undefined;
	const quote = lineText[opening - 1]!;
	return {line: error.line, column: opening, reason: `unterminated string: no closing ${quote} before the end of line ${error.line}`};
}

/** The 1-based column of the quote that opens a string still open at the end of `lineText`. */
function openQuoteColumn(lineText: string): number | undefined {
	let open: number | undefined;
	for (let index = 0; index < lineText.length; index++) {
		const char = lineText[index]!;
		if (open === undefined) {
			if (char === '#') return undefined;
			if (char === '"' || char === "'") open = index;
		} else if (char === '\\' && lineText[open] === '"') index++;
		else if (char === lineText[open]) open = undefined;
	}
	return open === undefined ? undefined : open + 1;
}
