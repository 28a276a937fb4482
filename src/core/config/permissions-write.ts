import {parse, stringify} from 'smol-toml';
import {TuttiError} from '../errors.js';
import {globalConfigPath, parseGlobalConfig, type ConfigEnv} from './global.js';
import {updateGlobalConfigText} from './global-write.js';

const PERMISSIONS_HEADER = /^\s*\[\s*(?:permissions|"permissions"|'permissions')\s*\]\s*(?:#.*)?$/;
const ANY_HEADER = /^\s*\[/;
const ALLOW_KEY = /^(\s*)(?:allow|"allow"|'allow')\s*=\s*/;

function tomlString(value: string): string {
	return stringify({v: value}).trim().slice('v = '.length);
}

/**
 * Scans a TOML array's text (from its `[`) and returns the index of its closing `]` and of the
 * last character before it that is neither whitespace nor part of a comment. Strings (basic,
 * literal, multi-line) and comments are skipped, so a `]` or `#` inside them is not mistaken.
 */
function scanArray(text: string, start: number): {close: number; lastSignificant: number} | undefined {
	let depth = 0;
	let last = start;
	for (let index = start; index < text.length; index++) {
		const char = text[index]!;
		if (char === '#') {
			while (index < text.length && text[index] !== '\n') index++;
			continue;
		}
		if (char === '"' || char === "'") {
			const triple = text.startsWith(char.repeat(3), index);
			const quote = triple ? char.repeat(3) : char;
			let end = index + quote.length;
			for (; end < text.length; end++) {
				if (char === '"' && text[end] === '\\') {
					end++;
					continue;
				}
				if (text.startsWith(quote, end)) break;
			}
			if (end >= text.length) return undefined;
			index = end + quote.length - 1;
			last = index;
			continue;
		}
		if (/\s/.test(char)) continue;
		if (char === '[') depth++;
		if (char === ']' && --depth === 0) return {close: index, lastSignificant: last};
		last = index;
	}
	return undefined;
}

/**
 * Adds rules to `[permissions] allow` in the global config's text, leaving every other line
 * (comments included, inside the array too) as it was: new entries go just before the closing
 * bracket. Creates the key or the table when missing. Undefined: nothing to add.
 */
export function addAllowRulesText(text: string, rules: readonly string[]): string | undefined {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const current = new Set(parseGlobalConfig(text, 'config.toml').config.permissions?.allow ?? []);
	const fresh = [...new Set(rules)].filter((rule) => !current.has(rule));
	if (fresh.length === 0) return undefined;
	const lines = text.split(/\r?\n/);
	const header = lines.findIndex((line) => PERMISSIONS_HEADER.test(line));
	if (header === -1) {
		if (parseGlobalConfig(text, 'config.toml').config.permissions !== undefined) {
			throw new TuttiError('ERR_CONFIG_INVALID', 'permissions are set as an inline table or dotted keys in the global config, which tutti does not edit', {hint: 'Add the rules by hand, or turn it into a [permissions] table.'});
		}
		let out = text;
		if (out !== '' && !out.endsWith('\n')) out += eol;
		if (out.trim() !== '') out += eol;
		return `${out}[permissions]${eol}allow = [${eol}${fresh.map((rule) => `\t${tomlString(rule)},${eol}`).join('')}]${eol}`;
	}
	let end = header + 1;
	while (end < lines.length && !ANY_HEADER.test(lines[end]!)) end++;
	const keyLine = lines.slice(header + 1, end).findIndex((line) => ALLOW_KEY.test(line));
	if (keyLine === -1) {
		lines.splice(header + 1, 0, `allow = [${fresh.map(tomlString).join(', ')}]`);
		return lines.join(eol);
	}
	// Offsets in the joined text of the allow line and everything after it.
	const before = lines.slice(0, header + 1 + keyLine).join(eol);
	const offset = before === '' ? 0 : before.length + eol.length;
	const match = ALLOW_KEY.exec(lines[header + 1 + keyLine]!)!;
	const open = offset + match[0].length;
	if (text[open] !== '[') return undefined;
	const scanned = scanArray(text, open);
	if (!scanned) return undefined;
	const empty = scanned.lastSignificant === open;
	const multiLine = text.slice(open, scanned.close).includes('\n');
	const needsComma = !empty && text[scanned.lastSignificant] !== ',';
	const lineStart = text.lastIndexOf('\n', scanned.close - 1) + 1;
	const closingAlone = multiLine && text.slice(lineStart, scanned.close).trim() === '';
	let out: string;
	if (closingAlone) {
		// Entries on their own lines, indented like the first entry, just above the `]` line.
		const indent = /\n([ \t]+)\S/.exec(text.slice(open, scanned.close))?.[1] ?? '\t';
		const added = fresh.map((rule) => `${indent}${tomlString(rule)},${eol}`).join('');
		out = text.slice(0, lineStart) + added + text.slice(lineStart);
	} else {
		const added = `${empty ? '' : ' '}${fresh.map(tomlString).join(', ')}`;
		out = text.slice(0, scanned.close) + added + text.slice(scanned.close);
	}
	if (needsComma) out = `${out.slice(0, scanned.lastSignificant + 1)},${out.slice(scanned.lastSignificant + 1)}`;
	return out;
}

/** Appends rules to the global `[permissions] allow` (under the config lock), keeping comments; returns those added. */
export async function addAllowRules(rules: readonly string[], env: ConfigEnv = process.env): Promise<string[]> {
	const file = globalConfigPath(env);
	let added: string[] = [];
	await updateGlobalConfigText((text) => {
		const before = parseGlobalConfig(text, file).config.permissions?.allow ?? [];
		const next = addAllowRulesText(text, rules);
		if (next === undefined) return undefined;
		let after: string[] = [];
		try {
			after = ((parse(next)['permissions'] as {allow?: string[]} | undefined)?.allow ?? []).map(String);
		} catch {
			after = [];
		}
		added = after.filter((rule) => !before.includes(rule));
		const expected = [...new Set(rules)].filter((rule) => !before.includes(rule));
		if (after.length !== before.length + expected.length || expected.some((rule) => !after.includes(rule))) {
			throw new TuttiError('ERR_CONFIG_INVALID', `could not add rules to [permissions] allow in ${file} without rewriting it`, {
				hint: `Add them by hand: ${expected.map((rule) => JSON.stringify(rule)).join(', ')}.`,
			});
		}
		return next;
	}, env);
	return added;
}
