import {TuttiError} from '../../core/errors.js';
import {findWorkflow, planRun, progressLines, ProgressModel, resumeRun, runWorkflow, type DryRunPlan, type ExecutionResult, type Progress} from '../../core/workflow/index.js';
import {formatDuration, progressLine} from '../../core/workflow/progress.js';
import {paint, table, type Output} from '../output.js';
import {handler, type Register} from '../program.js';
import {registerRuns} from './runs.js';
import {registerVerify} from './verify.js';

type RunFlags = {resume?: string; list?: boolean; agent?: string; json?: boolean; strict?: boolean; dryRun?: boolean; workspace?: string};

const stateStyle = {success: 'green', warning: 'yellow', failed: 'red', running: 'cyan', skipped: 'gray', pending: 'gray'} as const;

/**
 * Live progress of a run on the terminal: finished steps are printed once, running ones (with a
 * spinner and their elapsed time) are redrawn in place below them. Without a TTY, one plain line
 * per step start and end.
 */
export function progressDisplay(output: Output, live: boolean): {onProgress: (progress: Progress) => void; stop: () => void} {
	const model = new ProgressModel();
	let drawn = 0;
	let frame = 0;
	const width = () => Math.max(40, (process.stdout.columns || 100) - 1);
	const erase = () => (drawn > 0 ? `\u001B[${drawn}A\u001B[J` : '');
	const region = () => progressLines(model, {now: Date.now(), frame, width: width()}).map((line, index, all) => (index === all.length - 1 ? paint(output, 'dim', line) : paint(output, 'cyan', line)));
	const redraw = (permanent: string[] = []) => {
		const lines = region();
		output.out(`${erase()}${[...permanent, ...lines].join('\n')}`);
		drawn = lines.length;
	};
	const timer = live ? setInterval(() => {
		frame++;
		if (model.total > 0) redraw();
	}, 100) : undefined;
	timer?.unref();
	return {
		onProgress(progress) {
			model.apply(progress);
			if (progress.kind === 'run') {
				const header = `${paint(output, 'bold', progress.workflow)}  run ${progress.runId}${progress.resumed ? ` (resumed; ${progress.done.length} step(s) already done)` : ''}`;
				if (live) redraw([header]);
				else output.out(header);
			} else if (progress.kind === 'step') {
				if (!live) output.out(`▶ ${progress.step.number}/${progress.total} ${progress.step.type} ${progress.step.agent ?? ''}`.trimEnd());
				else redraw();
			} else if (progress.kind === 'step-done') {
				const row = model.rows.get(progress.step.number);
				if (!row) return;
				const line = paint(output, stateStyle[row.state], progressLine(row, model.total, {now: Date.now(), frame, width: width()}));
				if (live) redraw([line]);
				else output.out(line);
			} else if (live && drawn > 0) {
				// The run is over: the live region goes (leaving one blank line before the summary).
				output.out(erase());
				drawn = 0;
			}
		},
		stop() {
			if (timer) clearInterval(timer);
		},
	};
}

/** The human summary of a finished run (reference §8.8). */
export function printResult(output: Output, result: ExecutionResult): void {
	for (const warning of result.budget_warnings ?? []) output.err(`warning: ${warning}`);
	output.out(`Workflow: ${result.workflow_name}\nRun ID:   ${result.run_id}${result.resumed ? ' (resumed)' : ''}`);
	const rows = result.step_results.map((step) => [String(step.index), step.step_type, step.agent ?? '', paint(output, stateStyle[step.status], step.status), formatDuration(step.duration_ms), step.message.replace(/\s+/g, ' ').slice(0, 100)]);
	output.out(table(['#', 'Type', 'Agent', 'Status', 'Duration', 'Message'], rows));
	for (const hook of result.hooks) output.out(`hook ${hook.event} → ${hook.target}: ${hook.success ? 'ok' : `failed (${hook.message})`}${hook.fail_mode === 'closed' ? ' [closed]' : ''}`);
	const warnings = result.step_results.filter((step) => step.status === 'warning').length;
	if (result.success) output.out(paint(output, 'green', `Result: success${warnings > 0 ? ` with ${warnings} warning(s)` : ''}`));
	else {
		output.out(paint(output, 'red', `Result: failed (steps: [${result.failed_steps.join(', ')}])`));
		output.out(`Fix the cause, then continue with: tt run --resume ${result.run_id}`);
	}
}

/** Exit code of a run: 1 when a step failed closed or a fail-closed hook failed. */
export function exitCodeOf(result: ExecutionResult): number {
	return result.success && !result.hooks.some((hook) => !hook.success && hook.fail_mode === 'closed') ? 0 : 1;
}

function printPlan(output: Output, plan: DryRunPlan): void {
	output.out(`${paint(output, 'bold', plan.workflow)}${plan.description ? ` — ${plan.description}` : ''}${plan.strict ? ' (strict)' : ''}`);
	const rows = plan.steps.map((step) => {
		const agent = 'agent' in step ? (step.agent ?? '') : '';
		const cwd = step.type === 'command' ? step.cwd : '';
		const fail = 'fail_mode' in step ? step.fail_mode : 'closed';
		const summary = 'summary' in step ? step.summary : step.type === 'workflow' ? step.workflow : step.type === 'review' ? `reviewer ${step.reviewer}` : step.type === 'land' ? `pr=${step.pr} force=${step.force}` : '';
		return [String(step.index), String(step.wave), step.type, agent, cwd, fail, summary.slice(0, 80)];
	});
	output.out(table(['#', 'Wave', 'Type', 'Agent', 'CWD', 'Fail', 'Summary'], rows));
	for (const warning of plan.warnings) output.err(`warning: ${warning}`);
	for (const error of plan.errors) output.err(`${paint(output, 'red', 'error')}: ${error}`);
}

function checkFlags(workflow: string | undefined, flags: RunFlags): void {
	const usage = (message: string) => new TuttiError('ERR_USAGE', message, {hint: 'See tt run --help.'});
	if (workflow && flags.resume) throw usage('give either a workflow name or --resume <run_id>, not both');
	if (flags.resume && (flags.list || flags.dryRun)) throw usage('--resume cannot be combined with --list or --dry-run');
	if (flags.list && (flags.agent || flags.strict || flags.dryRun)) throw usage('--list cannot be combined with --agent, --strict or --dry-run');
	if (!workflow && !flags.list && !flags.resume) throw usage('workflow name is required unless --list or --resume is set');
}

export const registerRun: Register = (program, runtime) => {
	program
		.command('run')
		.description('run a workflow of tutti.toml: steps across agents, recorded in the run ledger')
		.argument('[workflow]', 'workflow name (see --list)')
		.option('--resume <run_id>', 'continue an interrupted or failed run without repeating what it already did')
		.option('--list', 'list the workflows of this workspace')
		.option('--agent <agent>', 'run every agent step on this agent instead')
		.option('--strict', 'every failure stops the run (command steps fail closed)')
		.option('--dry-run', 'print what would run, resolved, without running it')
		.option('--json', 'print only JSON (the ExecutionResult, the plan or the list)')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.addHelpText('after', '\nExamples:\n  tt run ship                 run the "ship" workflow\n  tt run ship --dry-run       show the steps, waves and literal commands\n  tt run --resume 1732611-42  continue run 1732611-42 where it stopped\n  tt runs list                the run ledger')
		.action(
			handler(runtime, async (workflow: string | undefined, flags: RunFlags) => {
				checkFlags(workflow, flags);
				const {output} = runtime;
				const ctx = await runtime.workspace({workspace: flags.workspace});
				if (flags.list) {
					const list = ctx.config.workflow.map((entry) => ({name: entry.name, description: entry.description ?? null, schedule: entry.schedule ?? null, steps: entry.step.length, step_types: entry.step.map((step) => step.type)}));
					if (flags.json) return output.json(list);
					if (list.length === 0) return output.out('No workflows. Add a [[workflow]] to tutti.toml.');
					return output.out(table(['Workflow', 'Steps', 'Schedule', 'Description'], list.map((entry) => [entry.name, String(entry.steps), entry.schedule ?? '', entry.description ?? ''])));
				}
				if (flags.dryRun) {
					const plan = planRun(ctx, {workflow: workflow!, agent: flags.agent, strict: flags.strict});
					if (flags.json) output.json(plan);
					else printPlan(output, plan);
					return plan.errors.length > 0 ? 1 : 0;
				}
				if (workflow) findWorkflow(ctx.config, workflow);
				const display = flags.json ? undefined : progressDisplay(output, Boolean(process.stdout.isTTY));
				let runId: string | undefined;
				const onProgress = (progress: Progress) => {
					runId ??= progress.runId;
					display?.onProgress(progress);
				};
				// Ctrl-C leaves the run resumable (the ledger says where it stopped); say how.
				const interrupted = () => {
					display?.stop();
					output.err(`\ninterrupted${runId ? `; continue with: tt run --resume ${runId}` : ''}`);
					process.exit(130);
				};
				process.once('SIGINT', interrupted);
				let result: ExecutionResult;
				const commandStarted = new Date().toISOString();
				try {
					result = flags.resume
						? await resumeRun(ctx, flags.resume, {strict: flags.strict, agent: flags.agent, onProgress})
						: await runWorkflow(ctx, {workflow: workflow!, agent: flags.agent, strict: flags.strict, origin: 'run', onProgress});
				} finally {
					process.off('SIGINT', interrupted);
					display?.stop();
				}
				if (flags.json) output.json(result);
				else {
					if (flags.resume && result.finished_at < commandStarted) output.out(`run ${result.run_id} had already finished at ${result.finished_at}; nothing was repeated.`);
					printResult(output, result);
				}
				return exitCodeOf(result);
			}),
		);
	registerVerify(program, runtime);
	registerRuns(program, runtime);
};
