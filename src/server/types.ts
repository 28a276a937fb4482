import type {WorkspaceContext} from '../core/agents/context.js';
import type {ProfileWindows} from '../core/profiles/windows.js';
import type {WorkspaceObserver} from '../core/state/workspace-observer.js';
import {zeroUsage, type AgentUsage} from '../core/usage/agent-usage.js';

export {zeroUsage, type AgentUsage};


/** A profile's plan windows (core/profiles/windows.ts) without the block history. */
export type WindowsView = Pick<ProfileWindows, 'profile' | 'plan' | 'block' | 'week'>;

/** Where the server gets token usage from (core/usage; wired by the CLI). */
export type UsageReader = {
	agentUsage(ctx: WorkspaceContext, agent: string): Promise<AgentUsage>;
	/** Each profile's 5-hour block and weekly window; absent: none known. */
	windows?(): Promise<WindowsView[]>;
};

/** For a server built without a usage source (tests, embedders): every agent has used nothing. */
export const noUsage: UsageReader = {agentUsage: () => Promise.resolve({...zeroUsage})};

export type WorkflowRunOptions = {
	workflow: string;
	agent: string | undefined;
	strict: boolean;
	dryRun: boolean;
	/** Called once the run is under way: a run refused before that (budget, unknown agent) rejects instead. */
	onStarted?: ((runId: string) => void) | undefined;
};
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
