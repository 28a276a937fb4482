import type {WorkspaceContext} from '../agents/context.js';
import type {Enforcement} from '../agents/adapter.js';
import {appendPolicyDecision, type PolicyDecisionRecord} from '../store/policy-log.js';
import type {PolicyDecision} from './match.js';

/**
 * Records the permission policy a launch runs under (reference §4.1): the mode asked for, the
 * policy in effect, how the CLI enforces it and how many rules it had. A launch is never blocked
 * by the log: a store that cannot be written is the caller's to report.
 */
export function recordLaunchDecision(
	ctx: WorkspaceContext,
	launch: {agent: string; runtime: string; mode: string; policy: string; enforcement: Enforcement; rules: number; argv: readonly string[]},
): PolicyDecisionRecord {
	// The policy in effect: a bypass launch skips approvals whatever was configured.
	const policy = launch.enforcement === 'bypass' ? 'bypass' : launch.policy;
	return appendPolicyDecision(ctx.store, {
		workspace: ctx.name,
		agent: launch.agent,
		runtime: launch.runtime,
		action: 'launch',
		mode: launch.mode,
		policy,
		enforcement: launch.enforcement,
		decision: 'allow',
		reason: enforcementReason[launch.enforcement],
		data: {policy_rules: launch.rules, runtime: launch.runtime, argv: [...launch.argv]},
	});
}

const enforcementReason: Record<Enforcement, string> = {
	prompt: 'the CLI asks before each tool',
	bypass: 'approvals skipped (unattended + bypass)',
	unsupported: 'the CLI cannot apply the rules',
	hard: 'the CLI enforces the allow rules itself',
	hard_shim: 'shell commands are checked by tutti shims',
};

/** Records a command checked against `[permissions]` (a workflow step, or `tt permissions check`). */
export function recordCommandDecision(
	ctx: WorkspaceContext,
	check: {action: 'workflow_command' | 'permission_check'; command: string; decision: PolicyDecision; configured: boolean; agent?: string | undefined; data?: Record<string, unknown>},
): PolicyDecisionRecord {
	const {decision} = check;
	return appendPolicyDecision(ctx.store, {
		workspace: ctx.name,
		agent: check.agent ?? null,
		runtime: null,
		action: check.action,
		mode: null,
		policy: check.configured ? 'constrained' : null,
		enforcement: 'engine',
		decision: decision.allowed ? 'allow' : 'block',
		reason: decisionReason(decision, check.configured),
		data: {command: check.command, matched_rule: decision.rule ?? null, suggested_rule: decision.allowed ? null : decision.suggested, ...check.data},
	});
}

/** The words for a decision (`reason` of `tt permissions check`). */
export function decisionReason(decision: PolicyDecision, configured: boolean): string {
	if (!configured) return 'policy not configured';
	if (decision.allowed) return decision.rule === undefined ? 'allowed' : `matched allow rule '${decision.rule}'`;
	if (decision.blocked === undefined) return 'no allow rule matched';
	if (decision.blocked.includes(' cannot ')) return decision.blocked;
	return `no allow rule matched '${decision.blocked}'`;
}
