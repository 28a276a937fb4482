import {normalizeRule, shellRules, type ShellRule} from './rules.js';

export type PolicyDecision = {
	allowed: boolean;
	/** The rule that allowed the last part (`rules` as configured). */
	rule: string | undefined;
	/** The part no rule allowed, or why the command cannot be checked. */
	blocked: string | undefined;
	/** A rule that would allow the blocked part (its first two words). */
	suggested: string;
};

/**
 * Splits a shell command into the simple commands it runs: on `;`, `|`, `&` (so `&&`, `||`) and
 * newlines outside quotes. Returns a reason instead when the command runs text that cannot be
 * checked: command or process substitution (`$(…)`, backticks, `<(…)`, `>(…)`).
 */
export function splitCommand(command: string): {parts: string[]} | {unsafe: string} {
	// Checked before quotes are considered, as the shim does: `'$(…)'` is inert in sh, but a matcher
	// that errs must err towards refusing.
	if (/\$\(|`/.test(command)) return {unsafe: 'command substitution cannot be checked'};
	if (/[<>]\(/.test(command)) return {unsafe: 'process substitution cannot be checked'};
	const parts: string[] = [];
	let current = '';
	let quote: '' | "'" | '"' = '';
	for (let index = 0; index < command.length; index++) {
		const char = command[index] ?? '';
		const next = command[index + 1] ?? '';
		if (quote === "'") {
			current += char;
			if (char === "'") quote = '';
			continue;
		}
		if (quote === '"') {
			current += char;
			if (char === '\\' && index + 1 < command.length) current += command[++index] ?? '';
			else if (char === '"') quote = '';
			continue;
		}
		if (char === "'" || char === '"') {
			quote = char;
			current += char;
			continue;
		}
		if (char === '\\' && index + 1 < command.length) {
			current += char + (command[++index] ?? '');
			continue;
		}
		// The & of a redirection (2>&1, &>file, >&2) does not separate commands.
		if (char === '&' && (command[index - 1] === '>' || next === '>')) {
			current += char;
			continue;
		}
		if (char === ';' || char === '|' || char === '&' || char === '\n' || char === '\r') {
			parts.push(current);
			current = '';
			continue;
		}
		current += char;
	}
	parts.push(current);
	return {parts: parts.map(normalizeRule).filter((part) => part !== '')};
}

/** Whether one simple command is allowed by one rule (word-boundary prefix match). */
export function ruleAllows(rule: ShellRule, part: string): boolean {
	if (rule.command === '') return rule.anyArgs;
	if (part === rule.command) return true;
	return part.startsWith(`${rule.command} `) && (rule.anyArgs || !hasRedirection(part.slice(rule.command.length)));
}

/**
 * Whether arguments redirect to or from a file (`> f`, `>> f`, `< f`, `&> f`). Copies between
 * descriptors (`2>&1`) are not. Any other `<` or `>` counts, quoted or not — the shim cannot tell
 * quotes apart, and both matchers must agree.
 */
function hasRedirection(text: string): boolean {
	return /[<>]/.test(text.replace(/\d*>&\d+/g, ''));
}

/**
 * Checks a shell command against `[permissions] allow` (`rules` undefined: no policy, everything
 * runs). Every simple command of a compound one must be allowed; `cd <dir>` always is (agents
 * prefix commands with it); a command with substitutions is refused. The shims apply the same
 * rules in sh (see adapters/shared/shims.ts); one table of cases tests both.
 */
export function checkCommand(command: string, rules: readonly string[] | undefined): PolicyDecision {
	const normalized = normalizeRule(command);
	const words = normalized.split(' ');
	const suggestFor = (part: string) => part.split(' ').slice(0, 2).join(' ');
	if (rules === undefined) return {allowed: true, rule: undefined, blocked: undefined, suggested: words.slice(0, 2).join(' ')};
	const split = splitCommand(command);
	if ('unsafe' in split) return {allowed: false, rule: undefined, blocked: split.unsafe, suggested: suggestFor(normalized)};
	const parsed = shellRules(rules);
	let rule: string | undefined;
	for (const part of split.parts) {
		if (/^cd( [^<>]*)?$/.test(part)) continue;
		const match = parsed.find((candidate) => ruleAllows(candidate, part));
		if (!match) return {allowed: false, rule: undefined, blocked: part, suggested: suggestFor(part)};
		rule = rules.find((raw) => shellRules([raw])[0]?.text === match.text) ?? match.text;
	}
	return {allowed: split.parts.length > 0, rule, blocked: undefined, suggested: suggestFor(normalized)};
}
