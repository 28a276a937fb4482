import {readFileSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import type {Runner} from '../process/runner.js';
import type {Store} from '../store/store.js';
import {githubBackend, resolveRepo} from './github.js';
import {localBackend} from './local.js';
import type {ClaimBackend, SelectedIssue, SweepResult} from './types.js';

export type {SelectedIssue, SweepResult} from './types.js';

/** Where acquire writes the claimed issue, and heartbeat/release read it (reference §1.2). */
export const defaultClaimState = path.join('.tutti', 'state', 'auto', 'selected_issue.json');

export type ClaimWhere = {
	backend: 'github' | 'local';
	runner: Runner;
	env: NodeJS.ProcessEnv;
	cwd: string;
	repo?: string | undefined;
	/** The workspace store (local backend). */
	store?: () => Store;
};

async function backendFor(where: ClaimWhere, repo?: string | null): Promise<ClaimBackend> {
	if (where.backend === 'local') {
		if (!where.store) throw new TuttiError('ERR_CONFIG_NOT_FOUND', 'the local claim backend keeps leases in a workspace store, and there is no tutti.toml here', {hint: 'Run it inside a tutti workspace, or use --backend github.'});
		return localBackend(where.store());
	}
	return githubBackend(where.runner, repo ?? (await resolveRepo(where.runner, where.cwd, where.env, where.repo)), where.env);
}

/** The run a claim belongs to: `$GITHUB_RUN_ID`, else this process. */
export function claimRunId(env: NodeJS.ProcessEnv): string {
	return env['GITHUB_RUN_ID'] || `local-${process.pid}`;
}

export function readClaimState(file: string): SelectedIssue {
	let value: Partial<SelectedIssue>;
	try {
		value = JSON.parse(readFileSync(file, 'utf8')) as Partial<SelectedIssue>;
	} catch (error) {
		throw new TuttiError('ERR_POLICY', `cannot read the claim state ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {hint: 'Acquire a claim first: tt issue-claim acquire.'});
	}
	if ((value.backend !== 'github' && value.backend !== 'local') || typeof value.issue_key !== 'string' || typeof value.claim_comment_id !== 'number' || typeof value.run_id !== 'string') {
		throw new TuttiError('ERR_POLICY', `${file} is not a claim state written by tt issue-claim acquire`, {hint: 'Acquire a claim again: tt issue-claim acquire.'});
	}
	return value as SelectedIssue;
}

export async function acquireClaim(where: ClaimWhere, options: {label: string; milestone?: string | undefined; ttlSecs: number; issues?: readonly string[] | undefined; output: string}): Promise<SelectedIssue> {
	const backend = await backendFor(where);
	const claimed = await backend.acquire({label: options.label, milestone: options.milestone, ttlSecs: options.ttlSecs, runId: claimRunId(where.env), issues: options.issues});
	if (!claimed) {
		throw new TuttiError('ERR_POLICY', where.backend === 'local' ? 'every named work item is claimed by a live lease' : `no open issue labelled ${JSON.stringify(options.label)}${options.milestone ? ` in milestone ${JSON.stringify(options.milestone)}` : ''} is free to claim`, {
			hint: 'Wait for a claim to be released or to expire (tt issue-claim sweep releases expired ones).',
		});
	}
	writeFileAtomic(options.output, `${JSON.stringify(claimed, null, 2)}\n`);
	return claimed;
}

export async function heartbeatClaim(where: Omit<ClaimWhere, 'backend'>, stateFile: string): Promise<SelectedIssue> {
	const state = readClaimState(stateFile);
	if (state.claim_status !== 'active') throw new TuttiError('ERR_POLICY', `the claim in ${stateFile} was released`, {hint: 'Acquire a new one: tt issue-claim acquire.'});
	const next = await (await backendFor({...where, backend: state.backend}, state.repo)).heartbeat(state);
	writeFileAtomic(stateFile, `${JSON.stringify(next, null, 2)}\n`);
	return next;
}

export async function releaseClaim(where: Omit<ClaimWhere, 'backend'>, stateFile: string, reason: string): Promise<SelectedIssue> {
	const state = readClaimState(stateFile);
	const next = state.claim_status === 'released' ? state : await (await backendFor({...where, backend: state.backend}, state.repo)).release(state, reason);
	writeFileAtomic(stateFile, `${JSON.stringify(next, null, 2)}\n`);
	return next;
}

export async function sweepClaims(where: ClaimWhere): Promise<SweepResult> {
	return (await backendFor(where)).sweep();
}
