import type {WorkspaceContext} from '../core/agents/context.js';
import {runWorkflow, workflowEngine} from '../core/workflow/index.js';

/**
 * What a long-running view (`tt watch`) adds beside its observers: the workflow schedules (cron
 * ticks are claimed in the store, so `tt serve` and `tt watch` together never run one twice) and
 * starting a run from the UI.
 */
export function startRecorderExtras(contexts: readonly WorkspaceContext[]): {runWorkflow: (workspace: string, name: string) => Promise<string>; stop: () => void} {
	const stops = contexts.map((ctx) => workflowEngine.startSchedules(ctx));
	return {
		async runWorkflow(workspace: string, name: string): Promise<string> {
			const ctx = contexts.find((candidate) => candidate.name === workspace);
			if (!ctx) throw new Error(`unknown workspace ${workspace}`);
			const result = await runWorkflow(ctx, {workflow: name, strict: false, origin: 'run'});
			return `${name}: ${result.success ? 'succeeded' : `failed (steps ${result.failed_steps.join(', ')})`} · run ${result.run_id}`;
		},
		stop: () => {
			for (const stop of stops) stop();
		},
	};
}
