import {TuttiError} from '../../core/errors.js';
import {lastVerify, verifyWorkflow} from '../../core/workflow/index.js';
import {paint} from '../output.js';
import {handler, type Register} from '../program.js';
import {printResult, progressDisplay} from './run.js';

type VerifyFlags = {last?: boolean; json?: boolean; workflow?: string; agent?: string; strict?: boolean; workspace?: string};

/**
 * `tt verify` (reference §1.2): runs the `verify` workflow with origin `verify`. Unless
 * `--strict`, command steps fail open (failures are warnings) and the exit code is 0.
 */
export const registerVerify: Register = (program, runtime) => {
	program
		.command('verify')
		.description('run the verify workflow (checks); without --strict failures are only warnings')
		.option('--last', 'print the result of the last verify')
		.option('--json', 'print only JSON')
		.option('--workflow <name>', 'the workflow to run', 'verify')
		.option('--agent <agent>', 'run agent steps on this agent')
		.option('--strict', 'failures fail the command (exit 1)')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.action(
			handler(runtime, async (flags: VerifyFlags) => {
				const {output} = runtime;
				if (flags.last && (flags.agent || flags.strict || (flags.workflow && flags.workflow !== 'verify'))) {
					throw new TuttiError('ERR_USAGE', '--last cannot be combined with --workflow, --agent or --strict', {hint: 'Run tt verify --last on its own.'});
				}
				const ctx = await runtime.workspace({workspace: flags.workspace});
				if (flags.last) {
					const last = lastVerify(ctx);
					if (flags.json) return output.json(last);
					if (!last.summary) return output.out('No verify has run in this workspace yet.');
					const summary = last.summary;
					output.out(`${summary.workflow_name} at ${summary.timestamp} (run ${summary.run_id}): ${summary.success ? paint(output, 'green', 'success') : paint(output, 'red', `failed (steps: [${summary.failed_steps.join(', ')}])`)}${summary.warnings > 0 ? `, ${summary.warnings} warning(s)` : ''}${summary.strict ? ' [strict]' : ''}`);
					return 0;
				}
				const display = flags.json ? undefined : progressDisplay(output, Boolean(process.stdout.isTTY));
				try {
					const result = await verifyWorkflow(ctx, {workflow: flags.workflow, agent: flags.agent, strict: flags.strict, onProgress: display?.onProgress});
					display?.stop();
					if (flags.json) output.json(result);
					else printResult(output, result);
					return flags.strict && !result.success ? 1 : 0;
				} finally {
					display?.stop();
				}
			}),
		);
};
