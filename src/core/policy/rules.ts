/**
 * `[permissions] allow` rules (reference §11.2), parsed once for every consumer: workflow command
 * steps, the PATH shims of shim-enforced CLIs and Claude Code's settings.
 *
 * A rule is a Claude tool (`Read`, `Edit(src/**)`), a shell rule in Claude form (`Bash(npm test)`,
 * `Bash(npm run test:*)`) or a plain shell rule (`npm test`, `cargo *`).
 */

/** Claude Code tool names, canonical case. */
export const claudeToolNames = [
	'AskUserQuestion',
	'Bash',
	'Edit',
	'ExitPlanMode',
	'Glob',
	'Grep',
	'LS',
	'MultiEdit',
	'NotebookEdit',
	'NotebookRead',
	'Read',
	'Skill',
	'Task',
	'TodoRead',
	'TodoWrite',
	'WebFetch',
	'WebSearch',
	'Write',
] as const;

const toolByLowerName = new Map<string, string>(claudeToolNames.map((name) => [name.toLowerCase(), name]));
const toolCall = /^([A-Za-z][A-Za-z0-9_]*)\((.*)\)$/s;

/** Collapses runs of whitespace, as the reference does before matching. */
export function normalizeRule(rule: string): string {
	return rule.replaceAll(/\s+/g, ' ').trim();
}

/** The canonical Claude tool a bare rule names (`edit` → `Edit`), if it is one. */
export function claudeTool(rule: string): string | undefined {
	return toolByLowerName.get(rule.toLowerCase());
}

/** A bare tool name (`Read`, `edit`) or a `Tool(...)` rule, as opposed to a shell command rule. */
export function isToolRule(rule: string): boolean {
	return toolByLowerName.has(rule.toLowerCase()) || toolCall.test(rule);
}

/** Claude `allow` entries: tool names in canonical case, `Tool(...)` kept, shell rules as `Bash(<rule>)`. */
export function claudeAllowEntries(rules: readonly string[]): string[] {
	return rules.map((rule) => toolByLowerName.get(rule.toLowerCase()) ?? (toolCall.test(rule) ? rule : `Bash(${rule})`));
}

/**
 * A shell rule: `npm test` allows exactly `npm test` and `npm test <args>`; `npm test *` (or
 * Claude's `Bash(npm test:*)`) allows `npm test` followed by anything, and plain `npm test`.
 * Neither allows `npm testing`: a rule ends at a word boundary.
 */
export type ShellRule = {text: string; command: string; anyArgs: boolean};

/** The shell rules among `rules`, normalised, without duplicates (order kept). */
export function shellRules(rules: readonly string[] | undefined): ShellRule[] {
	const result = new Map<string, ShellRule>();
	for (const raw of rules ?? []) {
		const rule = normalizeRule(raw);
		const call = toolCall.exec(rule);
		let text: string | undefined;
		if (call) text = (call[1] ?? '').toLowerCase() === 'bash' ? normalizeRule((call[2] ?? '').replace(/:\*$/, ' *')) : undefined;
		else if (!toolByLowerName.has(rule.toLowerCase())) text = rule;
		if (!text) continue;
		const anyArgs = text === '*' || text.endsWith(' *');
		const command = anyArgs ? text.slice(0, -1).trimEnd() : text;
		result.set(text, {text, command, anyArgs});
	}
	return [...result.values()];
}

/** The rules as the shims read them: one per line, `<command> *` for any-arguments rules. */
export function shellRulesFile(rules: readonly string[] | undefined): string {
	return shellRules(rules)
		.map((rule) => rule.text)
		.join('\n');
}
