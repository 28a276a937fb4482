import type {WorkflowConfig, TuttiConfig} from '../config/index.js';
import {findWorkflow} from '../workflow/plan.js';
import {checkCommand, type PolicyDecision} from './match.js';
import {decisionReason} from './log.js';
import {normalizeRule} from './rules.js';

/** `tt permissions check --json` (reference §1.2). */
export type PermissionCheck = {
	command: string;
	allowed: boolean;
	policy_configured: boolean;
	matched_rule: string | null;
	/** A rule that would allow the command (null when it is allowed, or when no rule can: substitutions). */
	suggested_rule: string | null;
	reason: string;
};

/** Checks one command (words joined with spaces, as typed after `tt permissions check`). */
export function permissionCheck(command: string, rules: readonly string[] | undefined): PermissionCheck & {decision: PolicyDecision} {
	// Judged as given, as the engine and the shims judge it: collapsing a newline into a space first
	// would join two commands into one that a rule allows.
	const decision = checkCommand(command, rules);
	const needed = decision.allowed ? [] : rulesToAllow(command, rules ?? []);
	return {
		command: normalizeRule(command),
		allowed: decision.allowed,
		policy_configured: rules !== undefined,
		matched_rule: decision.rule ?? null,
		suggested_rule: needed === undefined ? null : (needed[0] ?? null),
		reason: decisionReason(decision, rules !== undefined),
		decision,
	};
}

/**
 * The rules to add so that `command` is allowed, each checked with the one matcher: every blocked
 * part of a compound command gets its own (its first two words), and a part that redirects to a
 * file gets the any-arguments form (`npm test *`). Undefined: no rule short of `*` allows it
 * (command or process substitution).
 */
export function rulesToAllow(command: string, rules: readonly string[]): string[] | undefined {
	const added: string[] = [];
	// Each round allows one more part; a command has fewer parts than characters.
	for (let round = 0; round <= command.length; round++) {
		const decision = checkCommand(command, [...rules, ...added]);
		if (decision.allowed) return added;
		if (decision.blocked === undefined || decision.blocked.includes(' cannot ') || decision.suggested === '') return undefined;
		const plain = decision.suggested;
		if (!added.includes(plain)) added.push(plain);
		else if (!added.includes(`${plain} *`)) added.splice(added.indexOf(plain), 1, `${plain} *`);
		else return undefined;
	}
	return undefined;
}

export type BlockedCommand = {command: string; suggested_rule: string | null; reason: string; workflow: string; step: number};

/** `tt permissions suggest --json` (reference §1.2). */
export type PermissionSuggestion = {workflow: string; total_commands: number; blocked: BlockedCommand[]; suggested_rules: string[]; applied_rules: string[]};

/**
 * Every command step of a workflow and of the workflows it runs (each visited once, so cycles end),
 * checked against the rules; the blocked ones with the rules that would allow them. Commands are
 * checked as written (`{{output…}}` placeholders unrendered): a rule for their first words is
 * what a rendered command needs too.
 */
export function suggestPermissions(config: TuttiConfig, workflowName: string, rules: readonly string[] | undefined): PermissionSuggestion {
	const blocked: BlockedCommand[] = [];
	const suggested: string[] = [];
	const seenCommands = new Set<string>();
	const visited = new Set<string>();
	let total = 0;
	const visit = (workflow: WorkflowConfig) => {
		if (visited.has(workflow.name)) return;
		visited.add(workflow.name);
		workflow.step.forEach((step, index) => {
			if (step.type === 'workflow') {
				visit(findWorkflow(config, step.workflow));
				return;
			}
			if (step.type !== 'command') return;
			total++;
			const check = permissionCheck(step.run, rules ?? []);
			const command = check.command;
			if (check.allowed || seenCommands.has(step.run)) return;
			seenCommands.add(step.run);
			const needed = rulesToAllow(step.run, [...(rules ?? []), ...suggested]);
			for (const rule of needed ?? []) if (!suggested.includes(rule)) suggested.push(rule);
			blocked.push({command, suggested_rule: needed === undefined ? null : needed.join(', ') || null, reason: check.reason, workflow: workflow.name, step: index + 1});
		});
	};
	visit(findWorkflow(config, workflowName));
	return {workflow: workflowName, total_commands: total, blocked, suggested_rules: suggested, applied_rules: []};
}
