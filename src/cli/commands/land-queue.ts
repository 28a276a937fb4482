import {landQueue} from '../../core/actions/index.js';
import {TuttiError} from '../../core/errors.js';
import {inertValue} from '../../core/prompt-text.js';
import {parseAgentRef} from '../context.js';
import {paint} from '../output.js';
import type {CliRuntime} from '../program.js';

export type LandFlags = {pr?: boolean; queue?: boolean; verify?: string; force?: boolean; includeUncommitted?: boolean; json?: boolean};

/** `tt land --queue a b c`: one line per agent; exit 1 when any landing failed or went back. */
export async function landQueued(runtime: CliRuntime, references: string[], flags: LandFlags): Promise<number> {
	if (flags.force || flags.includeUncommitted) {
		throw new TuttiError('ERR_USAGE', `${flags.force ? '--force' : '--include-uncommitted'} does not apply to the merge queue`, {
			hint: 'The queue lands only committed work, from a clean project root: commit or stash first.',
		});
	}
	const refs = references.map((reference) => parseAgentRef(reference));
	const workspaces = new Set(refs.map((ref) => ref.workspace));
	if (workspaces.size > 1) throw new TuttiError('ERR_USAGE', 'the merge queue lands agents of one workspace at a time', {hint: 'Run one `tt land --queue` per workspace.'});
	const ctx = await runtime.workspace({workspace: refs[0]?.workspace});
	const result = await landQueue(ctx, refs.map((ref) => ref.agent), {verify: flags.verify, pr: flags.pr});
	if (flags.json) {
		runtime.output.json({workspace: ctx.name, ...result});
		return result.ok ? 0 : 1;
	}
	const {output} = runtime;
	const tone = {landed: 'green', sent_back: 'red', skipped: 'yellow', failed: 'red'} as const;
	for (const outcome of result.outcomes) {
		for (const warning of outcome.warnings) output.err(`warning: ${outcome.agent}: ${warning}`);
		// File names and failure text come from agents' work: printed inert.
		output.out(`${paint(output, 'bold', outcome.agent)}  ${paint(output, tone[outcome.status], inertValue(outcome.line))}`);
		if (outcome.status === 'failed' && outcome.error.hint) output.out(`  hint: ${outcome.error.hint}`);
	}
	return result.ok ? 0 : 1;
}
