import {Attributor, PROJECT_ROOT_LABEL, type Attribution, type WorkspaceInfo} from './attribute.js';
import {contextHealth, type ContextHealth, type ContextWindowOf} from './context-health.js';
import {localDay} from './dates.js';
import type {ScanResult} from './scan.js';
import type {SkippedFile, TokenCounts, UsageRecord} from './types.js';

export const usageGroupings = ['agent', 'workspace', 'model', 'day'] as const;
export type UsageGroupBy = (typeof usageGroupings)[number];

export type UsageTotals = TokenCounts & {total_tokens: number};
export type UsageRow = UsageTotals & {key: string; sessions: number; models: string[]};

/** Which records a report covers: one workspace, or every session in the logs. */
export type ReportScope = {scope: 'workspace'; workspace: WorkspaceInfo} | {scope: 'all'; workspaces: readonly WorkspaceInfo[]};

export type ReportOptions = {
	by: UsageGroupBy;
	/** First local day included, `YYYY-MM-DD`. */
	since?: string | undefined;
	/** Last local day included, `YYYY-MM-DD`. */
	until?: string | undefined;
	/** Context windows for context health (workspace scope), as each CLI counts them. */
	contextWindow: ContextWindowOf;
};

/** What `tt usage --json` prints. */
export type UsageReport = {
	scope: 'workspace' | 'all';
	workspace?: string;
	by: UsageGroupBy;
	since: string | null;
	until: string | null;
	totals: UsageTotals;
	/** Distinct sessions among the counted records. */
	sessions: number;
	rows: UsageRow[];
	/** Workspace scope only. */
	context?: ContextHealth[];
	files_scanned: number;
	skipped_lines: number;
	skipped_files: SkippedFile[];
};

const UNKNOWN = '(unknown)';

type Bucket = UsageTotals & {sessions: Set<string>; models: Set<string>};

function emptyBucket(): Bucket {
	return {input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, total_tokens: 0, sessions: new Set(), models: new Set()};
}

function addTo(bucket: Bucket, record: UsageRecord): void {
	bucket.input_tokens += record.input_tokens;
	bucket.output_tokens += record.output_tokens;
	bucket.cache_read_tokens += record.cache_read_tokens;
	bucket.cache_creation_tokens += record.cache_creation_tokens;
	bucket.total_tokens += record.input_tokens + record.output_tokens + record.cache_read_tokens + record.cache_creation_tokens;
	bucket.sessions.add(`${record.source}:${record.sessionId}`);
	if (record.model !== '<synthetic>') bucket.models.add(record.model);
}

function totalsOf(bucket: Bucket): UsageTotals {
	const {input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, total_tokens} = bucket;
	return {input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, total_tokens};
}

function keyOf(by: UsageGroupBy, record: UsageRecord, owner: Attribution | undefined, scope: ReportScope['scope']): string {
	switch (by) {
		case 'model':
			return record.model;
		case 'day':
			return localDay(record.timestamp);
		case 'workspace':
			return owner?.workspace ?? (record.cwd || UNKNOWN);
		case 'agent': {
			const agent = owner?.agent ?? PROJECT_ROOT_LABEL;
			if (scope === 'workspace') return agent;
			return owner ? `${owner.workspace}/${agent}` : record.cwd || UNKNOWN;
		}
	}
}

/**
 * Aggregates scanned records into a report: keeps the records of the scope and the day range
 * (local dates, both ends included), groups them, and (workspace scope) adds context health.
 */
export function buildUsageReport(scan: Pick<ScanResult, 'records' | 'files_scanned' | 'skipped_lines' | 'skipped_files'>, scope: ReportScope, options: ReportOptions): UsageReport {
	const workspaces = scope.scope === 'workspace' ? [scope.workspace] : scope.workspaces;
	const attributor = new Attributor(workspaces);
	const total = emptyBucket();
	const groups = new Map<string, Bucket>();
	for (const record of scan.records) {
		const owner = attributor.attribute(record.cwd);
		if (scope.scope === 'workspace' && owner?.workspace !== scope.workspace.name) continue;
		const day = localDay(record.timestamp);
		if ((options.since !== undefined && day < options.since) || (options.until !== undefined && day > options.until)) continue;
		const key = keyOf(options.by, record, owner, scope.scope);
		let bucket = groups.get(key);
		if (!bucket) groups.set(key, (bucket = emptyBucket()));
		addTo(bucket, record);
		addTo(total, record);
	}
	const rows = [...groups.entries()].map(([key, bucket]): UsageRow => ({key, ...totalsOf(bucket), sessions: bucket.sessions.size, models: [...bucket.models].sort()}));
	rows.sort(options.by === 'day' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.total_tokens - a.total_tokens || a.key.localeCompare(b.key));
	return {
		scope: scope.scope,
		...(scope.scope === 'workspace' ? {workspace: scope.workspace.name} : {}),
		by: options.by,
		since: options.since ?? null,
		until: options.until ?? null,
		totals: totalsOf(total),
		sessions: total.sessions.size,
		rows,
		...(scope.scope === 'workspace' ? {context: contextHealth(scan.records, attributor, scope.workspace, options.contextWindow)} : {}),
		files_scanned: scan.files_scanned,
		skipped_lines: scan.skipped_lines,
		skipped_files: scan.skipped_files,
	};
}
