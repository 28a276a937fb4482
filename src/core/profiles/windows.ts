/**
 * Usage windows per account profile (`tt usage --windows`, `tt profiles`, the `tt watch` header,
 * the dashboard): a plan meters the account, not the workspace, so each profile's windows come
 * from every log its account wrote — the CLI's config folder that the profile's `env` selects
 * (`CLAUDE_CONFIG_DIR`, `CODEX_HOME`, …) — whichever project the sessions ran in. Without any
 * `[[profile]]`, each CLI's default account is shown under the CLI's name.
 */

import os from 'node:os';
import type {RuntimeId} from '../agents/adapter.js';
import type {GlobalConfig, ProfileConfig} from '../config/index.js';
import {scanUsage} from '../usage/scan.js';
import type {UsageSource} from '../usage/types.js';
import {planWindows, WINDOW_HISTORY_MS, type PlanWindows} from '../usage/windows.js';
import {accountEnv} from './choose.js';
import {profileFits} from './select.js';

/** The CLIs whose logs tutti reads, as the runtimes a profile may launch. */
const metered = ['claude-code', 'codex', 'gemini-cli'] as const satisfies readonly (RuntimeId & UsageSource)[];

export type ProfileWindows = PlanWindows & {
	profile: string;
	provider: string | null;
	plan: string | null;
	/** True for a CLI's default account listed because no `[[profile]]` is configured. */
	implicit: boolean;
	sources: UsageSource[];
	/** The log folders read. */
	roots: string[];
	now: string;
};

type Account = {name: string; provider: string | null; plan: string | null; implicit: boolean; sources: UsageSource[]; env: NodeJS.ProcessEnv; profile?: ProfileConfig};

function accounts(global: GlobalConfig, env: NodeJS.ProcessEnv): Account[] {
	const home = env['HOME'] || os.homedir();
	if (global.profile.length === 0) return metered.map((source) => ({name: source, provider: null, plan: null, implicit: true, sources: [source], env}));
	return global.profile.map((profile) => ({
		name: profile.name,
		provider: profile.provider,
		plan: profile.plan ?? null,
		implicit: false,
		sources: metered.filter((runtime) => profileFits(profile, runtime)),
		env: {...env, ...accountEnv(profile, home)},
		profile,
	}));
}

/**
 * The 5-hour block and weekly window of every profile at `now` (default: the clock). An implicit
 * default account with no logs is left out; a configured profile is always listed.
 */
export async function profileWindows(global: GlobalConfig, env: NodeJS.ProcessEnv, now = Date.now()): Promise<ProfileWindows[]> {
	const since = now - WINDOW_HISTORY_MS;
	const result: ProfileWindows[] = [];
	for (const account of accounts(global, env)) {
		const scan = account.sources.length === 0 ? {records: [], roots: []} : await scanUsage({env: account.env, sources: account.sources, modifiedSince: since});
		if (account.implicit && scan.roots.length === 0) continue;
		const records = scan.records.filter((record) => record.timestamp >= since);
		const windows = planWindows(records, {now, resetDay: account.profile?.reset_day ?? 'monday', weeklyHours: account.profile?.weekly_hours});
		result.push({profile: account.name, provider: account.provider, plan: account.plan, implicit: account.implicit, sources: account.sources, roots: scan.roots.map((root) => root.dir), now: new Date(now).toISOString(), ...windows});
	}
	return result;
}
