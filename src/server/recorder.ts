import type {WorkspaceContext} from '../core/agents/context.js';
import {log} from '../core/log.js';
import {WorkspaceObserver, type WorkspaceObserverOptions} from '../core/state/workspace-observer.js';
import type {ServerCore, UsageReader, WorkflowRunner} from './types.js';

export type Recorder = {
	/** The core to build the server over, with this recorder's observers. */
	core: ServerCore;
	observers: ReadonlyMap<string, WorkspaceObserver>;
	stop(): Promise<void>;
};

/**
 * The recorder role of `tt serve`: one observer per workspace streams every agent's screen,
 * detects and records state changes (events), and the workflow engine's cron schedules run.
 * Agents' raw output is logged by tmux itself (`pipe-pane`, set up by `tt up`).
 */
export async function startRecorder(
	workspaces: readonly WorkspaceContext[],
	options: {observer?: WorkspaceObserverOptions; workflows?: WorkflowRunner | undefined; usage?: UsageReader | undefined} = {},
): Promise<Recorder> {
	const observers = new Map<string, WorkspaceObserver>();
	const stoppers: Array<() => void> = [];
	const stopAll = async () => {
		for (const stop of stoppers) stop();
		await Promise.all([...observers.values()].map((observer) => observer.stop().catch(() => undefined)));
	};
	// Open every store first: a workspace whose state cannot be written (read-only, full) is a
	// fatal start-up error, reported before any control client is attached.
	for (const ctx of workspaces) ctx.store.lastEvents(1);
	for (const ctx of workspaces) {
		const observer = new WorkspaceObserver(ctx, options.observer);
		observers.set(ctx.name, observer);
		try {
			await observer.start();
		} catch (error) {
			// A workspace that cannot be recorded (its state folder read-only, say) is fatal for the
			// server: close what was opened — control clients would keep the process alive — and report.
			await stopAll();
			throw error;
		}
		const schedules = options.workflows?.startSchedules;
		if (schedules) {
			try {
				stoppers.push(schedules.call(options.workflows, ctx));
			} catch (error) {
				log.warn('could not start schedules', {workspace: ctx.name, error: String(error)});
			}
		}
	}
	const core: ServerCore = {workspaces, observer: (name) => observers.get(name), workflows: options.workflows, usage: options.usage};
	return {
		core,
		observers,
		stop: stopAll,
	};
}
