import type {LaunchContext} from '../../core/agents/adapter.js';
import {TuttiError} from '../../core/errors.js';
import {normalizeRule, shellRules as parseShellRules} from '../../core/policy/rules.js';

// Rules are parsed and matched in core/policy; adapters render them for each CLI.
export {claudeAllowEntries, claudeToolNames, isToolRule, normalizeRule} from '../../core/policy/rules.js';
export {copilotAllowTools, renderClaudeSettings} from '../../core/policy/export.js';

/** The configured rules, normalised, without empties and duplicates. */
export function permissionRules(context: LaunchContext): string[] {
	return [...new Set((context.permissions ?? []).map(normalizeRule).filter((rule) => rule !== ''))];
}

/** Shell rules for the PATH shims' allow.rules: Claude's `Bash(npm run test:*)` becomes `npm run test *`. */
export function shellRules(rules: readonly string[]): string[] {
	return parseShellRules(rules).map((rule) => rule.text);
}

/**
 * Text appended to the prompt of shim-enforced launches (reference §4.1): names the runtime,
 * lists the rules, says everything else is blocked.
 */
export function policyAppendix(runtime: string, rules: readonly string[]): string {
	return [
		`## Tutti launch policy (${runtime})`,
		'',
		'Only run shell commands that match these allow rules:',
		...rules.map((rule) => `- ${rule}`),
		'',
		'Other commands are blocked by Tutti shims.',
	].join('\n');
}

/** Text of the warning printed when `auto` falls back to `safe` for lack of usable rules. */
export function noRulesWarning(agent: string): string {
	return `no [permissions] allow rules in ~/.config/tutti/config.toml: ${agent} starts in safe mode and asks before each tool; add rules, or use --mode unattended --policy bypass`;
}

function noShellRulesWarning(agent: string, runtime: string): string {
	return `[permissions] allow in ~/.config/tutti/config.toml has no shell command rules (only tool names), which ${runtime} needs: ${agent} starts in safe mode and asks before each command; add rules such as "npm test", or use --mode unattended --policy bypass`;
}

/** What a launch does about permissions, decided from mode, policy and rules. */
export type PolicyPlan =
	/** Ask before each tool (mode `safe`, or `auto` without usable rules). */
	| {kind: 'prompt'; warnings: string[]}
	/** unattended + bypass: skip approvals. */
	| {kind: 'bypass'}
	/** auto, or unattended + constrained, with rules to enforce. */
	| {kind: 'constrained'; rules: string[]};

/**
 * Decides the policy for CLIs that enforce `[permissions]` rules (claude-code, codex, aider,
 * openclaw, copilot). `auto` is always constrained (reference §4.1). Unlike the reference, `auto`
 * without usable rules starts like `safe` with a warning instead of failing; `unattended` +
 * `constrained` without rules still fails, since nobody would be there to answer the prompts.
 */
export function planPolicy(context: LaunchContext, options: {runtime: string; needsShellRules: boolean}): PolicyPlan {
	if (context.mode === 'safe') return {kind: 'prompt', warnings: []};
	if (context.mode === 'unattended' && context.policy === 'bypass') return {kind: 'bypass'};
	const rules = permissionRules(context);
	const usable = options.needsShellRules ? shellRules(rules).length > 0 : rules.length > 0;
	if (usable) return {kind: 'constrained', rules};
	if (context.mode === 'auto') {
		const warning = rules.length === 0 ? noRulesWarning(context.agent) : noShellRulesWarning(context.agent, options.runtime);
		return {kind: 'prompt', warnings: [warning]};
	}
	const what = options.needsShellRules ? 'shell command rules in [permissions] allow' : '[permissions] allow rules';
	throw new TuttiError('ERR_POLICY', `${context.agent}: --mode unattended --policy constrained needs ${what} in ~/.config/tutti/config.toml`, {
		hint: 'Add allow rules (e.g. allow = ["Read", "Edit", "npm test"]), or use --policy bypass, or --mode safe.',
	});
}
