/**
 * The `[permissions]` policy for workflow command steps (reference §11.2): when the global config
 * has a `[permissions]` table (even an empty one), a command runs only if an `allow` rule matches.
 * Claude tool names (`Read`, `Edit(…)`) are not shell rules; `Bash(<cmd>)` is the shell rule `<cmd>`.
 */
const toolCall = /^([A-Za-z][A-Za-z0-9_]*)\((.*)\)$/s;
const toolNames = new Set(
	['AskUserQuestion', 'Bash', 'Edit', 'ExitPlanMode', 'Glob', 'Grep', 'LS', 'MultiEdit', 'NotebookEdit', 'NotebookRead', 'Read', 'Skill', 'Task', 'TodoRead', 'TodoWrite', 'WebFetch', 'WebSearch', 'Write'].map((name) =>
		name.toLowerCase(),
	),
);

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

function shellRule(rule: string): string | undefined {
	const normalized = normalize(rule);
	const call = toolCall.exec(normalized);
	if (call) return (call[1] ?? '').toLowerCase() === 'bash' ? normalize((call[2] ?? '').replace(/:\*$/, ' *')) || undefined : undefined;
	return toolNames.has(normalized.toLowerCase()) || normalized === '' ? undefined : normalized;
}

export type PolicyDecision = {allowed: boolean; rule: string | undefined; suggested: string};

/** Checks a command against the allow rules; `rules` undefined = no policy (everything runs). */
export function checkCommand(command: string, rules: readonly string[] | undefined): PolicyDecision {
	const normalized = normalize(command);
	const tokens = normalized.split(' ');
	const suggested = tokens.length <= 1 ? (tokens[0] ?? '') : `${tokens[0]} ${tokens[1]}`;
	if (rules === undefined) return {allowed: true, rule: undefined, suggested};
	for (const raw of rules) {
		const rule = shellRule(raw);
		if (rule === undefined) continue;
		const matches = rule.endsWith('*') ? normalized.startsWith(rule.slice(0, -1).trimEnd()) : normalized === rule || normalized.startsWith(`${rule} `);
		if (matches) return {allowed: true, rule: raw, suggested};
	}
	return {allowed: false, rule: undefined, suggested};
}
