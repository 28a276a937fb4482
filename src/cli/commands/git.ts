import {agentBranch, agentUsesWorktree, findAgent} from '../../core/config/index.js';
import {syncAgentBranch} from '../../core/hosts/sync.js';
import {defaultReviewer, landAgent, requestReview} from '../../core/actions/index.js';
import {TuttiError} from '../../core/errors.js';
import {conflictsOf, describeDiffSize, findConflicts, worktreeDiff} from '../../core/git/index.js';
import {inertValue} from '../../core/prompt-text.js';
import {parseAgentRef} from '../context.js';
import {paint, type Output} from '../output.js';
import {handler, type Register} from '../program.js';
import {landQueued, type LandFlags} from './land-queue.js';

export const registerGit: Register = (program, runtime) => {
	program
		.command('diff')
		.description('show what an agent changed in its worktree: commits to land and uncommitted work')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.option('--staged', 'uncommitted part: only staged changes')
		.option('--name-only', 'file names only')
		.option('--stat', 'a diffstat instead of the patch')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (reference: string, flags: {staged?: boolean; nameOnly?: boolean; stat?: boolean; json?: boolean}) => {
				if (flags.nameOnly && flags.stat) throw new TuttiError('ERR_USAGE', '--name-only and --stat cannot be combined', {hint: 'Pick one of them.'});
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const agent = findAgent(ctx.config, name);
				await syncAgentBranch(ctx, agent);
				const diff = await worktreeDiff({root: ctx.root, agent: agent.name, branch: agentBranch(agent), staged: flags.staged, nameOnly: flags.nameOnly, stat: flags.stat, runner: ctx.services.runner});
				// Where this agent's work collides with the target branch and with the other agents' worktrees.
				const team = ctx.config.agent.filter((entry) => agentUsesWorktree(ctx.config, entry)).map((entry) => ({agent: entry.name, branch: agentBranch(entry)}));
				// Advisory: a repository git cannot merge-tree in (no commit yet) still gets its diff.
				const conflicts = await findConflicts({root: ctx.root, runner: ctx.services.runner, agents: team}).then(
					(report) => conflictsOf(report, agent.name),
					() => undefined,
				);
				if (flags.json) return runtime.output.json({workspace: ctx.name, agent: agent.name, ...diff, conflicts});
				const {output} = runtime;
				if (diff.from === 'branch') {
					output.out(`${paint(output, 'bold', agent.name)}  worktree removed (${diff.worktree}); branch ${diff.branch} is still there`);
					const landing = diff.commits.length === 0 ? 'everything on it is landed' : `\`tt land ${agent.name}\` lands its commits`;
					output.out(`  \`tt up ${agent.name}\` recreates the worktree on it; ${landing}`);
				} else output.out(`${paint(output, 'bold', agent.name)}  ${diff.worktree}  (branch ${diff.branch})`);
				output.out('');
				output.out(paint(output, 'bold', `Commits to land (${diff.commits.length}):`));
				output.out(diff.commits.length === 0 ? '  (none)' : diff.commits.map((commit) => `  ${paint(output, 'yellow', commit.hash.slice(0, 7))} ${commit.subject}`).join('\n'));
				if (diff.from === 'worktree') {
					output.out(paint(output, 'bold', `Uncommitted (${diff.status.length}):`));
					output.out(diff.status.length === 0 ? '  (clean)' : diff.status.map((entry) => `  ${entry.code} ${entry.path}`).join('\n'));
				}
				const body = flags.stat ? (diff.stat ?? '') : diff.diff;
				if (body.trim() !== '') {
					output.out('');
					output.out(colorPatch(output, body.replace(/\n$/, '')));
				}
				if (conflicts) printConflicts(output, conflicts);
				const nothing = diff.commits.length === 0 && diff.status.length === 0 && diff.files.length === 0;
				if (nothing) output.out('\nNothing to land: all of its work is on your branch.');
				else if (!flags.stat && !flags.nameOnly) output.out(`\n${describeDiffSize(diff)}`);
			}),
		);

	program
		.command('land')
		.description("bring an agent's commits onto your current branch (cherry-pick), open a PR with --pr, or land several one at a time with --queue")
		.argument('<agents...>', 'agent name, or <workspace>/<agent>; with --queue, several in the order they land')
		.option('--pr', 'push the branch and open a pull request with gh (its body is the review packet); with --queue: each PR must pass the merge gate')
		.option('--queue', 'merge queue: replay each branch on the latest target in a scratch worktree, verify, land; failures go back to the agent')
		.option('--verify <command>', 'with --queue: shell command that must pass in the replayed tree before it lands (default: the command steps of the verify workflow)')
		.option('--force', 'land even with uncommitted changes in the project (they are stashed and restored)')
		.option('--include-uncommitted', "commit the agent's uncommitted changes as a checkpoint and land them too")
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nExamples:\n  tt land coder\n  tt land coder --pr\n  tt land --queue alice bob carol --verify "npm test"')
		.action(
			handler(runtime, async (references: string[], flags: LandFlags) => {
				if (flags.queue) return landQueued(runtime, references, flags);
				if (references.length > 1) throw new TuttiError('ERR_USAGE', `tt land takes one agent, got ${references.length}`, {hint: `To land several one at a time, use the merge queue: tt land --queue ${references.join(' ')}`});
				if (flags.verify !== undefined) throw new TuttiError('ERR_USAGE', '--verify is an option of the merge queue', {hint: `Add --queue: tt land --queue ${references[0] ?? '<agent>'} --verify "<command>"`});
				const {workspace, agent: name} = parseAgentRef(references[0]!);
				const ctx = await runtime.workspace({workspace});
				const result = await landAgent(ctx, name, {force: flags.force, pr: flags.pr, includeUncommitted: flags.includeUncommitted});
				if (flags.json) return runtime.output.json({workspace: ctx.name, ...result});
				const {output} = runtime;
				for (const warning of result.warnings) output.err(`warning: ${warning}`);
				output.out(result.message);
				for (const commit of result.landed) output.out(`  ${paint(output, 'green', commit.hash.slice(0, 7))} ${commit.subject}`);
			}),
		);

	program
		.command('review')
		.description('write a review packet of an agent\'s changes and ask a reviewer agent to review it')
		.argument('<agent>', 'agent whose work is reviewed')
		.option('--reviewer <agent>', 'the reviewing agent (default: the agent called "reviewer", else the one whose role is reviewer)')
		.option('--auto-up', 'start the reviewer when it is not running')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (reference: string, flags: {reviewer?: string; autoUp?: boolean; json?: boolean}) => {
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const reviewer = flags.reviewer ?? defaultReviewer(ctx.config, findAgent(ctx.config, name).name);
				const request = await requestReview(ctx, name, reviewer, {autoUp: flags.autoUp});
				if (flags.json) return runtime.output.json({workspace: ctx.name, ...request});
				if (!request.sent) return runtime.output.out(`No changes to review for ${request.agent}.`);
				runtime.output.out(`review packet: ${request.packet}\nsent to ${request.reviewer}`);
			}),
		);
};

function colorPatch(output: Output, patch: string): string {
	if (!output.color) return patch;
	return patch
		.split('\n')
		.map((line) =>
			line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ')
				? paint(output, 'bold', line)
				: line.startsWith('+')
					? paint(output, 'green', line)
					: line.startsWith('-')
						? paint(output, 'red', line)
						: line.startsWith('@@')
							? paint(output, 'cyan', line)
							: line,
		)
		.join('\n');
}

/** The collisions section of `tt diff`: conflicts are red, overlaps that merge cleanly yellow. */
function printConflicts(output: Output, conflicts: ReturnType<typeof conflictsOf>): void {
	if (conflicts.with_target.length === 0 && conflicts.with_agents.length === 0) return;
	output.out('');
	output.out(paint(output, 'bold', 'Collisions:'));
	// File names are the agents' to choose: printed inert (no control characters reach the terminal).
	const files = (names: readonly string[]) => names.map(inertValue).join(', ');
	if (conflicts.with_target.length > 0) output.out(`  ${paint(output, 'red', 'conflicts with your branch')}: ${files(conflicts.with_target)}`);
	for (const other of conflicts.with_agents) {
		const parts = [other.conflicts.length > 0 ? paint(output, 'red', `conflicts in ${files(other.conflicts)}`) : paint(output, 'yellow', `also changed ${files(other.overlapping)} (merges cleanly)`)];
		if (other.manifests.length > 0) parts.push(paint(output, 'yellow', `both touched ${files(other.manifests)}`));
		output.out(`  with ${other.agent}: ${parts.join('; ')}`);
	}
}
