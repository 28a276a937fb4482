import type {StoredEvent} from '../../core/store/store.js';
import type {ScreenFrame} from '../events/screen-feed.js';
import type {AgentSummary, WorkspaceSummary} from '../state.js';

/** Shapes shared with the server (type-only imports: nothing of the server is bundled). */
export type WireEvent = StoredEvent;
export type {ScreenFrame};

export type AgentView = AgentSummary & {activity?: string};
export type WorkspaceView = Omit<WorkspaceSummary, 'agents'> & {agents: AgentView[]};

export type Snapshot = {cursor: string; resumed: boolean; workspaces: WorkspaceView[]; recent: WireEvent[]};

export type StepView = {agent: string | null; type: string; status: 'running' | 'completed' | 'failed' | 'warning'; duration: number | null; message: string | null};

export type RunView = {
	id: string;
	workspace: string;
	workflow: string;
	status: 'running' | 'completed' | 'failed';
	/** 1-based index of the current step (0 before the first). */
	step: number;
	total: number;
	/** Agent of the current step. */
	agent: string | null;
	started: string;
	finished: string | null;
	steps: StepView[];
};

export type FocusData = {
	workspace: string;
	agent: string;
	runtime: string | null;
	session: string;
	running: boolean;
	state: string;
	detail: string | null;
	branch: string | null;
	context_pct: number | null;
	usage: {input_tokens: number; output_tokens: number; cache_read: number; cache_write: number; model: string | null};
	diff: {text: string; truncated: boolean; files_changed: number; insertions: number; deletions: number; files: Array<{path: string; insertions: number; deletions: number}>; commits: Array<{hash: string; subject: string}>} | null;
	diff_error: string | null;
};

export type WorkflowInfo = {workspace: string; name: string; description: string | null; schedule: string | null; step_count: number; steps: Array<{index: number; type: string; id: string | null; agent: string | null}>};

/** One run as the ledger keeps it (`GET /v1/runs`): the dashboard's run history. */
export type RunRecord = {
	run_id: string;
	workspace: string;
	workflow: string;
	status: 'running' | 'success' | 'failed' | 'interrupted';
	origin: string;
	started_at: string;
	finished_at: string | null;
	failed_steps: number[];
	steps_done: number;
	total_steps: number;
	warnings: number;
};
