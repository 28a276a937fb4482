import {listRuns, showRun} from '../../core/workflow/index.js';
import {formatDuration} from '../../core/workflow/progress.js';
import {whenText} from '../when-text.js';
import {intOption, handler, type Register} from '../program.js';
import {paint, table, type Output} from '../output.js';

const statusStyle = {success: 'green', warning: 'yellow', failed: 'red', running: 'cyan', interrupted: 'magenta', pending: 'gray'} as const;

function status(output: Output, value: string): string {
	return paint(output, statusStyle[value as keyof typeof statusStyle] ?? 'gray', value);
}

/** Local time and how long ago, like tt health and tt explain (the ISO times are in --json). */
function when(iso: string | null): string {
	return iso ? whenText(iso) : '';
}

/** `tt runs list` and `tt runs show <run_id>`: the run ledger of the workspace's store. */
export const registerRuns: Register = (program, runtime) => {
	const runs = program.command('runs').description('the workflow run ledger: past and running runs, their steps');
	runs
		.command('list', {isDefault: true})
		.description('runs, newest first (also what `tt runs` alone shows)')
		.option('--json', 'print JSON')
		.option('--limit <n>', 'at most this many runs', intOption('--limit', 1, 10_000), 50)
		.option('--workflow <name>', 'only runs of this workflow')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.action(
			handler(runtime, async (flags: {json?: boolean; limit: number; workflow?: string; workspace?: string}) => {
				const ctx = await runtime.workspace({workspace: flags.workspace});
				const list = listRuns(ctx, {limit: flags.limit, ...(flags.workflow ? {workflow: flags.workflow} : {})});
				const {output} = runtime;
				if (flags.json) return output.json(list);
				if (list.length === 0) return output.out('No runs yet. Start one with tt run <workflow>.');
				output.out(
					table(
						['Run ID', 'Workflow', 'Status', 'Steps', 'Origin', 'Started', 'Finished'],
						list.map((run) => [run.run_id, run.workflow, status(output, run.status), `${run.steps_done}/${run.total_steps}`, run.origin, when(run.started_at), when(run.finished_at)]),
					),
				);
			}),
		);
	runs
		.command('show')
		.description('one run: its steps, their status and messages, and what to do next')
		.argument('<run_id>', 'a run id from tt runs list')
		.option('--json', 'print JSON')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.action(
			handler(runtime, async (runId: string, flags: {json?: boolean; workspace?: string}) => {
				const ctx = await runtime.workspace({workspace: flags.workspace});
				const run = showRun(ctx, runId);
				const {output} = runtime;
				if (flags.json) return output.json(run);
				output.out(`Run ${paint(output, 'bold', run.run_id)}  ${run.workflow}  ${status(output, run.status)}  (${run.origin}${run.strict ? ', strict' : ''}${run.agent_scope ? `, --agent ${run.agent_scope}` : ''})`);
				output.out(`Started ${when(run.started_at)}${run.finished_at ? `, finished ${when(run.finished_at)}` : ''}${run.parent_run_id ? `; part of run ${run.parent_run_id}` : ''}`);
				output.out(
					table(
						['#', 'Step', 'Type', 'Status', 'Duration', 'Agent', 'Attempts', 'Message'],
						run.steps.map((step) => [String(step.index), step.step_id ?? '', step.step_type, status(output, step.status), step.duration_ms === null ? '' : formatDuration(step.duration_ms), step.agent ?? '', String(step.attempts), (step.message ?? '').replace(/\s+/g, ' ').slice(0, 90)]),
					),
				);
				if (run.next_action) output.out(`Next: ${run.next_action}`);
			}),
		);
};
