import type * as z from 'zod';
import type {TomlError} from 'smol-toml';
import {TuttiError} from '../errors.js';
import {describePath, describeValue, valueAt, type KeyPath} from './paths.js';
import {suggest} from './suggest.js';

/** One problem in a config file: where it is (a readable key path) and what is wrong. */
export type ConfigIssue = {path: KeyPath; where: string; message: string};

type ZodIssue = z.core.$ZodIssue;

/** How many issues an ERR_CONFIG_INVALID message lists (all are in `details.issues`). */
export const MAX_LISTED_ISSUES = 5;

const DOCS_HINT = "every key is described in tutti's docs/config.md (JSON Schema for editors: docs/schema/tutti.schema.json)";

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

/** The message for one zod issue; `raw` is the parsed TOML, used for "got …". */
function messageFor(issue: ZodIssue, raw: unknown, path: KeyPath): {path: KeyPath; message: string} {
	const input = valueAt(raw, path);
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
		const {path, message} = messageFor(issue, raw, issue.path);
		return {path, where: describePath(path, raw), message};
	});
}

/** `file: where: message`. */
export function formatIssue(file: string, issue: ConfigIssue): string {
	return issue.where === '' ? `${file}: ${issue.message}` : `${file}: ${issue.where}: ${issue.message}`;
}

/** ERR_CONFIG_INVALID listing at most five issues; all of them are in `details.issues`. */
export function invalidConfigError(file: string, issues: readonly ConfigIssue[]): TuttiError {
	const lines = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `  ${formatIssue(file, issue)}`);
	if (issues.length > MAX_LISTED_ISSUES) lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more`);
	const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
	return new TuttiError('ERR_CONFIG_INVALID', `${file} is not a valid tutti config (${count}):\n${lines.join('\n')}`, {
		hint: `Fix the keys listed above in ${file}; ${DOCS_HINT}.`,
		details: {file, issues: issues.map((issue) => ({path: issue.path.map(String), where: issue.where, message: issue.message}))},
	});
}

/** ERR_CONFIG_SYNTAX as `file:line:column: message`, then the line and a caret under the column. */
export function syntaxError(file: string, text: string, error: TomlError): TuttiError {
	const reason = error.message.replace(/^Invalid TOML document: /, '').split('\n\n')[0] ?? error.message;
	const lineText = text.split(/\r?\n/)[error.line - 1] ?? '';
	// Keep tabs so the caret lines up under the column in a terminal.
	const pad = lineText.slice(0, Math.max(0, error.column - 1)).replace(/[^\t]/g, ' ');
	const gutter = `${error.line} | `;
	const message = `${file}:${error.line}:${error.column}: ${reason}\n${gutter}${lineText}\n${' '.repeat(gutter.length)}${pad}^`;
	return new TuttiError('ERR_CONFIG_SYNTAX', message, {
		hint: `Fix the TOML syntax at ${file}:${error.line}:${error.column} (TOML reference: https://toml.io).`,
		cause: error,
		details: {file, line: error.line, column: error.column},
	});
}
