import {TuttiError} from '../errors.js';
import type {Store} from '../store/store.js';
import {acquireLocalClaim, sweepLocalClaims, updateLocalClaim, type LocalClaim} from '../store/issue-claims.js';
import {leaseFields, type ClaimBackend, type SelectedIssue} from './types.js';

function selected(claim: LocalClaim): SelectedIssue {
	const number = /^\d+$/.test(claim.issue) ? Number(claim.issue) : null;
	return {
		backend: 'local',
		repo: null,
		issue_key: claim.issue,
		issue_number: number,
		title: claim.issue,
		url: '',
		labels: [],
		author: null,
		created_at: null,
		body: '',
		...leaseFields(claim),
	};
}

/** Leases on named work items in the workspace store: for repositories without GitHub. */
export function localBackend(store: Store): ClaimBackend {
	return {
		async acquire(options) {
			if (!options.issues || options.issues.length === 0) {
				throw new TuttiError('ERR_USAGE', 'the local claim backend needs the work items to claim from', {hint: 'Name them: tt issue-claim acquire --issue 12 --issue 15 (or use --backend github).'});
			}
			const claim = acquireLocalClaim(store, options.issues, {runId: options.runId, ttlSecs: options.ttlSecs});
			return claim && selected(claim);
		},
		async heartbeat(state) {
			const claim = updateLocalClaim(store, state.issue_key, state.claim_comment_id, {renew: true});
			if (!claim) throw lostLease(state);
			return selected(claim);
		},
		async release(state, reason) {
			const claim = updateLocalClaim(store, state.issue_key, state.claim_comment_id, {release: reason});
			// Already taken over by another run: nothing of ours is left to release.
			return claim ? selected(claim) : {...state, claim_status: 'released'};
		},
		async sweep() {
			return {released: sweepLocalClaims(store).map((claim) => ({issue_key: claim.issue, run_id: claim.record.run_id})), labels_removed: []};
		},
	};
}

export function lostLease(state: SelectedIssue): TuttiError {
	return new TuttiError('ERR_POLICY', `the claim on ${state.issue_key} is no longer held by run ${state.run_id} (released, or expired and taken over)`, {
		hint: 'Acquire again: tt issue-claim acquire.',
	});
}
