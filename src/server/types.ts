import type {WorkspaceContext} from '../core/agents/context.js';
import type {WorkspaceObserver} from '../core/state/workspace-observer.js';

/** Token usage of one agent, in the convention of core/usage (cache reads and writes apart from input). */
export type AgentUsage = {
	input_tokens: number;
	output_tokens: number;
	cache_read_tokens: number;
	cache_creation_tokens: number;
	/** Share of the model's context window in use, 0–100; null when unknown. */
	context_pct: number | null;
	model: string | null;
};

/** Where the server gets token usage from (core/usage; wired by the CLI). */
export type UsageReader = {
	agentUsage(ctx: WorkspaceContext, agent: string): Promise<AgentUsage>;
};

export const zeroUsage: AgentUsage = {input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, context_pct: null, model: null};

/** For a server built without a usage source (tests, embedders): every agent has used nothing. */
export const noUsage: UsageReader = {agentUsage: () => Promise.resolve({...zeroUsage})};

export type WorkflowRunOptions = {workflow: string; agent: string | undefined; strict: boolean; dryRun: boolean};
export type WorkflowVerifyOptions = {workflow: string | undefined; agent: string | undefined; strict: boolean};

/**
 * The workflow engine as the server sees it (issue 6). `run` resolves when the run ends; the
 * engine reports progress as `workflow.*` events in the store, which the SSE stream carries.
 */
export type WorkflowRunner = {
	run(ctx: WorkspaceContext, options: WorkflowRunOptions): Promise<unknown>;
	/** `tt verify`; when absent, the verify action answers that verify is not available. */
	verify?(ctx: WorkspaceContext, options: WorkflowVerifyOptions): Promise<unknown>;
	/** The run ledger (`tt runs`), newest first. */
	listRuns(ctx: WorkspaceContext): Promise<unknown[]> | unknown[];
	/** Starts the cron schedules of a workspace (the recorder role of `tt serve`); returns a stopper. */
	startSchedules?(ctx: WorkspaceContext): () => void;
};

/** What `buildServer` is built over: the served workspaces and the services around them. */
export type ServerCore = {
	workspaces: readonly WorkspaceContext[];
	/** The recorder's observer of a workspace (screens for focus mode, live verdicts); absent without a recorder. */
	observer?: (workspace: string) => WorkspaceObserver | undefined;
	workflows?: WorkflowRunner | undefined;
	usage?: UsageReader | undefined;
};
