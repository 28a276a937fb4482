import type {WorkspaceContext} from '../agents/context.js';
import type {TuttiConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {resolveInside} from '../workflow/safe-path.js';
import {checkCommand} from '../policy/match.js';
import {recordCommandDecision} from '../policy/log.js';

/** Why the merge queue gave an agent's work back. */
export type SendBackReason = 'conflict' | 'verify' | 'checks' | 'threads';

const verifyTimeoutMs = 15 * 60_000;
/** The tail of a failing verify's output that goes into the prompt: enough to act on, not a flood. */
const outputTailChars = 2_000;

type Failure = {agent: string; branch: string; reason: SendBackReason; files: string[]; detail: string};

/** The one-line summary (`conflict in a.txt`) and the prompt the agent gets. */
export function describeSendBack(failure: Failure, target: string): {summary: string; prompt: string} {
	const summary =
		failure.reason === 'conflict'
			? `conflict in ${failure.files.join(', ')}`
			: failure.reason === 'verify'
				? `verify failed (${failure.detail.split('\n')[0] ?? ''})`
				: failure.detail.split('\n')[0] ?? failure.reason;
	const ask =
		failure.reason === 'conflict'
			? `Bring ${target} into your branch (git merge ${target}), resolve the conflicts, and commit.`
			: failure.reason === 'verify'
				? 'Fix what fails and commit.'
				: failure.reason === 'checks'
					? 'Fix what makes the checks fail, commit and push.'
					: 'Address the review comments, commit and push, and resolve the threads.';
	const prompt = [
		`tutti merge queue: your branch ${failure.branch} was not landed on ${target}: ${summary}.`,
		failure.detail,
		`${ask} The queue lands it when you run \`tt land --queue ${failure.agent}\` again.`,
	].join('\n');
	return {summary, prompt};
}

/** A command the queue runs in the replayed tree, and the folder inside it (a verify step's `subdir`). */
export type VerifyCommand = {run: string; subdir: string | undefined};

/**
 * What verifies each landing: the `--verify` command, else the command steps of the workspace's
 * `verify` workflow (what `tt verify` runs), each in the replayed tree — whether the step said
 * the workspace or the agent's worktree, the tree under test is the replayed one. Other step
 * types there are not run by the queue; `notes` says so.
 */
export function verifyPlan(config: TuttiConfig, explicit: string | undefined): {commands: VerifyCommand[]; notes: string[]} {
	if (explicit !== undefined) return {commands: [{run: explicit, subdir: undefined}], notes: []};
	const workflow = config.workflow.find((candidate) => candidate.name === 'verify');
	if (!workflow) return {commands: [], notes: []};
	const commands: VerifyCommand[] = [];
	const notes: string[] = [];
	workflow.step.forEach((step, index) => {
		if (step.type === 'command') commands.push({run: step.run, subdir: step.subdir});
		else notes.push(`verify workflow step ${index + 1} (${step.type}) is not run by the merge queue: only command steps are`);
	});
	return {commands, notes};
}

/**
 * Runs the queue's verify command in the replayed tree. Returns what failed (first line: the
 * command and its exit), or undefined when it passed. The `[permissions]` policy applies as to a
 * workflow command, and each decision is on the policy log.
 */
export async function runVerify(ctx: WorkspaceContext, verify: VerifyCommand, tree: string, agent: string): Promise<string | undefined> {
	const command = verify.run;
	const cwd = verify.subdir === undefined ? tree : resolveInside(tree, verify.subdir, 'verify subdir');
	const rules = ctx.services.global.permissions?.allow;
	const decision = checkCommand(command, rules);
	if (rules !== undefined) recordCommandDecision(ctx, {action: 'workflow_command', command, decision, configured: true, agent, data: {land_queue: true}});
	if (!decision.allowed) {
		throw new TuttiError('ERR_POLICY', `the verify command '${command}' is blocked by the permissions policy`, {hint: `add an allow rule, e.g. \`tt permissions check ${decision.suggested}\` shows which`});
	}
	const result = await ctx.services.runner.run('/bin/sh', ['-lc', command], {cwd, reject: false, timeoutMs: verifyTimeoutMs, group: true});
	if (result.exitCode === 0 && !result.timedOut) return undefined;
	const how = result.timedOut ? `timed out after ${verifyTimeoutMs / 60_000} minutes` : `exited ${result.exitCode}`;
	const output = `${result.stdout}${result.stderr}`.trim();
	const tail = output.length > outputTailChars ? `…${output.slice(-outputTailChars)}` : output;
	return [`\`${command}\` ${how}`, tail].filter(Boolean).join('\n');
}
