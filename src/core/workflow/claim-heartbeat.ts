import {existsSync} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import {defaultClaimState, heartbeatClaim, readClaimState} from '../claims/index.js';
import {resolveInside} from './safe-path.js';

/** How often the state file is looked at, at most (a claim acquired mid-run is found this soon). */
const lookEveryMs = 5000;

/**
 * Keeps the issue claim of a run alive while the run lasts (`claim_heartbeat` of the workflow):
 * the reference leaves heartbeats to the user's command steps, and a long prompt step outlives
 * the lease. Renews when a third of the TTL has passed since the last heartbeat; stops renewing
 * a claim that was released or lost (one `issue_claim.lost` event). Returns the stop function.
 */
export function keepClaimAlive(ctx: WorkspaceContext, runId: string, setting: boolean | string | undefined): () => void {
	if (setting === undefined || setting === false) return () => undefined;
	const file = resolveInside(ctx.root, setting === true ? defaultClaimState : setting, 'claim_heartbeat');
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let lost: string | undefined;
	const tick = async () => {
		let wait = lookEveryMs;
		try {
			if (existsSync(file)) {
				const state = readClaimState(file);
				const ttlMs = state.lease_ttl_secs * 1000;
				wait = Math.min(lookEveryMs, ttlMs / 6);
				const key = `${state.issue_key}#${state.claim_comment_id}`;
				if (state.claim_status === 'active' && lost !== key && Date.now() - Date.parse(state.last_heartbeat_at) >= ttlMs / 3) {
					try {
						await heartbeatClaim({runner: ctx.services.runner, env: ctx.services.env, cwd: ctx.root, store: () => ctx.store}, file);
					} catch (error) {
						lost = key;
						ctx.emit('issue_claim.lost', null, {run_id: runId, issue_key: state.issue_key, message: error instanceof Error ? error.message : String(error)}, runId);
					}
				}
			}
		} catch {
			// A state file being rewritten, or not a claim: looked at again next time.
		}
		if (!stopped) timer = setTimeout(() => void tick(), wait).unref();
	};
	timer = setTimeout(() => void tick(), 0).unref();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
