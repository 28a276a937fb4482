import {describePath, type KeyPath} from './paths.js';
import type {ConfigIssue} from './format-errors.js';

/** Why a config loaded with a warning. */
export type ConfigWarningCode = 'unknown_key' | 'no_defaults_table' | 'schedule' | 'step_id' | 'reference' | 'unused';

/** A soft problem: the config loads, but the user should know. */
export type ConfigWarning = {
	code: ConfigWarningCode;
	file: string;
	/** Readable key path, e.g. `agent "x"`; empty for the whole file. */
	where: string;
	/** What is wrong, prefixed with `where: ` when there is a key path. */
	message: string;
	/** `file:line:column: message` (`file: message` when the position is not known), ready to print. */
	text: string;
	/** Where in the file, when known (unknown keys). */
	line?: number;
	column?: number;
};

/** Collects errors and warnings from cross-field checks, with readable key paths. */
export class Findings {
	readonly errors: ConfigIssue[] = [];
	readonly warnings: Array<{code: ConfigWarningCode; where: string; message: string}> = [];

	constructor(private readonly root: unknown) {}

	error(path: KeyPath, message: string): void {
		this.errors.push({path, where: describePath(path, this.root), message});
	}

	warn(code: ConfigWarningCode, path: KeyPath, message: string): void {
		this.warnings.push({code, where: describePath(path, this.root), message});
	}

	/** Errors grouped by top-level key, then ordered by array position (agent #1 before #2, step 1 before 2). */
	sortedErrors(): ConfigIssue[] {
		const groups: PropertyKey[] = [];
		const keyOf = (issue: ConfigIssue): number[] => {
			if (!groups.includes(issue.path[0] ?? '')) groups.push(issue.path[0] ?? '');
			return [groups.indexOf(issue.path[0] ?? ''), ...issue.path.filter((segment): segment is number => typeof segment === 'number')];
		};
		const keyed = this.errors.map((issue) => ({issue, key: keyOf(issue)}));
		keyed.sort((a, b) => {
			for (let index = 0; index < Math.min(a.key.length, b.key.length); index++) {
				if (a.key[index] !== b.key[index]) return a.key[index]! - b.key[index]!;
			}
			return a.key.length - b.key.length;
		});
		return keyed.map((entry) => entry.issue);
	}

	/** Warnings with the file attached. */
	warningsFor(file: string): ConfigWarning[] {
		return this.warnings.map((warning) => toWarning(file, warning.code, warning.where, warning.message));
	}
}

export function toWarning(file: string, code: ConfigWarningCode, where: string, detail: string, at?: {line: number; column: number}): ConfigWarning {
	const message = where === '' ? detail : `${where}: ${detail}`;
	const place = at ? `${file}:${at.line}:${at.column}` : file;
	return {code, file, where, message, text: `${place}: ${message}`, ...(at ? {line: at.line, column: at.column} : {})};
}
