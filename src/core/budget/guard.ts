/**
 * The budget guard (reference §11.1, for every plan, in tokens and dollars): the one check that
 * runs before `up`, `send`, `run` and `verify`, whichever surface asked (CLI, `tt watch`, the
 * API, workflows). Unset `[budget]`: nothing is checked.
 */

import type {WorkspaceContext} from '../agents/context.js';
import {TuttiError} from '../errors.js';
import type {BudgetEventData} from '../events/types.js';
import {formatDollars, formatResetIn, formatTokenCount} from '../model/windows-text.js';
import {weeklySpend, type Spend, type WeeklySpend} from './usage.js';

export type BudgetAction = 'up' | 'send' | 'run' | 'verify';

export type BudgetCheck = {
	action: BudgetAction;
	/** The agents the action is for: their caps are checked after the workspace's. Absent: every agent with a cap. */
	agents?: readonly string[] | undefined;
	/** @default Date.now() */
	now?: number;
};

type Cap = {scope: 'workspace' | 'agent'; agent: string | null; unit: 'tokens' | 'usd'; cap: number; used: number; key: string};

function capsOf(ctx: WorkspaceContext, spend: WeeklySpend, agents: readonly string[] | undefined): Cap[] {
	const budget = ctx.config.budget!;
	const caps: Cap[] = [];
	if (budget.workspace_weekly_tokens !== undefined) caps.push({scope: 'workspace', agent: null, unit: 'tokens', cap: budget.workspace_weekly_tokens, used: spend.workspace.tokens, key: 'budget.workspace_weekly_tokens'});
	if (budget.workspace_weekly_usd !== undefined) caps.push({scope: 'workspace', agent: null, unit: 'usd', cap: budget.workspace_weekly_usd, used: spend.workspace.usd, key: 'budget.workspace_weekly_usd'});
	const zero: Spend = {tokens: 0, usd: 0};
	const wanted = (name: string) => agents === undefined || agents.includes(name);
	for (const [name, cap] of Object.entries(budget.agent_weekly_tokens)) {
		if (wanted(name)) caps.push({scope: 'agent', agent: name, unit: 'tokens', cap, used: (spend.agents.get(name) ?? zero).tokens, key: `budget.agent_weekly_tokens.${name}`});
	}
	for (const [name, cap] of Object.entries(budget.agent_weekly_usd)) {
		if (wanted(name)) caps.push({scope: 'agent', agent: name, unit: 'usd', cap, used: (spend.agents.get(name) ?? zero).usd, key: `budget.agent_weekly_usd.${name}`});
	}
	return caps;
}

const amount = (unit: Cap['unit'], value: number) => (unit === 'usd' ? formatDollars(value) : `${formatTokenCount(value)} tokens`);

/**
 * Checks the workspace's `[budget]` before `action`. Each cap at or past `warn_threshold_pct`
 * gives a warning and a `budget.threshold` event; a cap reached in `mode = "enforce"` emits
 * `budget.blocked` and throws `error[budget]` naming the cap and the key that sets it (nothing
 * was done). Returns the warnings for the caller to show.
 */
export async function checkBudget(ctx: WorkspaceContext, check: BudgetCheck): Promise<string[]> {
	const budget = ctx.config.budget;
	if (!budget) return [];
	const now = check.now ?? Date.now();
	const spend = await weeklySpend(ctx, now);
	const warnings: string[] = [];
	const resets = `the week resets in ${formatResetIn(Date.parse(spend.end) - now)} (${spend.end.slice(0, 16).replace('T', ' ')} UTC)`;
	for (const cap of capsOf(ctx, spend, check.agents)) {
		const pct = Math.round((cap.used / cap.cap) * 1000) / 10;
		const who = cap.scope === 'workspace' ? `workspace ${ctx.name}` : `agent ${cap.agent}`;
		const figures = `${amount(cap.unit, cap.used)} of ${amount(cap.unit, cap.cap)} this week`;
		const data: BudgetEventData = {action: check.action, scope: cap.scope, unit: cap.unit, used: cap.used, cap: cap.cap, pct, key: cap.key, week_start: spend.start, week_end: spend.end};
		if (cap.used >= cap.cap) {
			if (budget.mode === 'enforce') {
				ctx.emit('budget.blocked', cap.agent, data);
				throw new TuttiError('ERR_BUDGET', `${who} is over its budget (${figures}, [${cap.key.replace(/\.([^.]+)$/, '] $1')}); refused ${check.action}`, {
					hint: `Raise ${cap.key} in tutti.toml, set [budget] mode = "warn", or wait: ${resets}.`,
					details: {...data},
				});
			}
			ctx.emit('budget.threshold', cap.agent, {...data, over_cap: true});
			warnings.push(`${who} is over its budget (${figures}, ${cap.key}) before ${check.action}; [budget] mode = "warn" lets it go on`);
		} else if (pct >= budget.warn_threshold_pct) {
			ctx.emit('budget.threshold', cap.agent, {...data, over_cap: false});
			warnings.push(`${who} budget at ~${Math.round(pct)}% (${figures}, ${cap.key}) before ${check.action}`);
		}
	}
	return warnings;
}
