/**
 * What a workspace's agents used in the current weekly window, in tokens and dollars at list
 * prices: the figures `[budget]` caps are checked against (reference §11.1), for every plan.
 */

import os from 'node:os';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {agentUsesWorktree} from '../config/index.js';
import {accountEnv} from '../profiles/choose.js';
import {Attributor} from '../usage/attribute.js';
import {sumUsage} from '../usage/blocks.js';
import {scanUsage} from '../usage/scan.js';
import type {UsageRecord} from '../usage/types.js';
import {WEEK_MS, weekStart} from '../usage/weekly.js';

export type Spend = {tokens: number; usd: number};

export type WeeklySpend = {
	/** ISO times of the window: the default profile's `reset_day` 00:00 UTC, and 7 days later. */
	start: string;
	end: string;
	workspace: Spend;
	agents: Map<string, Spend>;
};

/**
 * The workspace's usage this week. Logs are read from the caller's CLI folders and from every
 * profile's account (agents launched on a profile write there), plus the demo agent's.
 */
export async function weeklySpend(ctx: WorkspaceContext, now = Date.now()): Promise<WeeklySpend> {
	const {global, env} = ctx.services;
	const profile = global.profile.find((entry) => entry.name === ctx.config.workspace.auth?.default_profile);
	const start = weekStart(now, profile?.reset_day ?? 'monday');
	const home = env['HOME'] || os.homedir();
	const info = {name: ctx.name, root: ctx.root, agents: ctx.config.agent.map((agent) => ({name: agent.name, worktree: agentUsesWorktree(ctx.config, agent)}))};
	const scan = await scanUsage({
		env,
		accounts: global.profile.map((entry) => ({...env, ...accountEnv(entry, home)})),
		demoProjects: [ctx.root],
		knownPaths: [ctx.root, ...info.agents.map((agent) => path.join(ctx.root, '.tutti', 'worktrees', agent.name))],
		modifiedSince: start,
	});
	const attributor = new Attributor([info]);
	// This week's replies of this workspace, and of each of its agents: summed the one way every usage figure is (sumUsage).
	const mine: UsageRecord[] = [];
	const byAgent = new Map<string, UsageRecord[]>();
	for (const record of scan.records) {
		if (record.timestamp < start || record.timestamp >= start + WEEK_MS) continue;
		const owner = attributor.attribute(record.cwd);
		if (owner?.workspace !== ctx.name) continue;
		mine.push(record);
		if (owner.agent === null) continue;
		const records = byAgent.get(owner.agent) ?? [];
		records.push(record);
		byAgent.set(owner.agent, records);
	}
	const spendOf = (records: readonly UsageRecord[]): Spend => {
		const sum = sumUsage(records);
		return {tokens: sum.tokens.total_tokens, usd: sum.cost_usd};
	};
	const workspace = spendOf(mine);
	const agents = new Map([...byAgent].map(([agent, records]) => [agent, spendOf(records)]));
	return {start: new Date(start).toISOString(), end: new Date(start + WEEK_MS).toISOString(), workspace, agents};
}
