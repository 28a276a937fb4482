import {readFileSync} from 'node:fs';
import path from 'node:path';
import {writeFileAtomic} from '../fs-atomic.js';
import type {WorkspacePaths} from '../workspace/paths.js';

/** What `tt up` remembers about a launch: `.tutti/state/agents/<agent>.json`. */
export type AgentRecord = {
	name: string;
	runtime: string;
	session_name: string;
	worktree_path: string | null;
	workdir: string;
	branch: string | null;
	started_at: string;
	stopped_at?: string;
	argv: string[];
	/** The account profile the launch used; null: none (absent in records of older versions). */
	profile?: string | null;
};

function recordPath(ctx: {paths: WorkspacePaths}, agent: string): string {
	return path.join(ctx.paths.state, 'agents', `${agent}.json`);
}

export function writeAgentRecord(ctx: {paths: WorkspacePaths}, record: AgentRecord): void {
	writeFileAtomic(recordPath(ctx, record.name), `${JSON.stringify(record, null, 2)}\n`);
}

export function readAgentRecord(ctx: {paths: WorkspacePaths}, agent: string): AgentRecord | undefined {
	try {
		return JSON.parse(readFileSync(recordPath(ctx, agent), 'utf8')) as AgentRecord;
	} catch {
		return undefined;
	}
}
