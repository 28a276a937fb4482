import type {ClaimRecord} from './record.js';

/**
 * What `tt issue-claim acquire` writes (reference §11.4 SelectedIssueOutput) and what heartbeat and
 * release read back: the claimed issue and the lease. `backend`, `repo` and `issue_key` say where
 * the lease lives (GitHub comment or the workspace store).
 */
export type SelectedIssue = {
	backend: 'github' | 'local';
	/** owner/name (GitHub backend). */
	repo: string | null;
	/** The issue as the backend names it: its number on GitHub, the item's key locally. */
	issue_key: string;
	issue_number: number | null;
	title: string;
	url: string;
	labels: string[];
	author: string | null;
	created_at: string | null;
	body: string;
	run_id: string;
	claimed_at: string;
	lease_ttl_secs: number;
	last_heartbeat_at: string;
	/** The GitHub comment id, or the local claim's id. */
	claim_comment_id: number;
	claim_status: ClaimRecord['status'];
};

export type AcquireOptions = {
	label: string;
	milestone?: string | undefined;
	ttlSecs: number;
	runId: string;
	/** Local backend: the work items to claim from, in order of preference. */
	issues?: readonly string[] | undefined;
};

export type SweepResult = {released: Array<{issue_key: string; run_id: string}>; labels_removed: string[]};

/** Where leases live; both backends give the same guarantees (one live claim per issue). */
export type ClaimBackend = {
	/** The first claimable issue, claimed; undefined when every candidate is held. */
	acquire(options: AcquireOptions): Promise<SelectedIssue | undefined>;
	/** Renews the lease; fails when it is no longer this run's. */
	heartbeat(state: SelectedIssue): Promise<SelectedIssue>;
	release(state: SelectedIssue, reason: string): Promise<SelectedIssue>;
	/** Releases every expired lease. */
	sweep(): Promise<SweepResult>;
};

/** The lease half of a {@link SelectedIssue}, from a claim (a GitHub comment or a local row) and its id. */
export function leaseFields(claim: {id: number; record: ClaimRecord}): Pick<SelectedIssue, 'run_id' | 'claimed_at' | 'lease_ttl_secs' | 'last_heartbeat_at' | 'claim_comment_id' | 'claim_status'> {
	return {
		run_id: claim.record.run_id,
		claimed_at: claim.record.claimed_at,
		lease_ttl_secs: claim.record.lease_ttl_secs,
		last_heartbeat_at: claim.record.last_heartbeat_at,
		claim_comment_id: claim.id,
		claim_status: claim.record.status,
	};
}
