import {Option} from 'commander';
import type {WorkspaceContext} from '../../core/agents/context.js';
import {describeConversation} from '../../core/agents/conversation.js';
import {upAgents, type UpResult} from '../../core/agents/up.js';
import {errorJson, TuttiError} from '../../core/errors.js';
import {paint, table, type Output} from '../output.js';
import {downIdle} from './down-idle.js';
import {handler, type Register} from '../program.js';

type UpFlags = {workspace?: string; all?: boolean; freshWorktree?: boolean; newSession?: boolean; mode?: 'safe' | 'auto' | 'unattended'; policy?: 'constrained' | 'bypass'; json?: boolean};
type DownFlags = {workspace?: string; all?: boolean; clean?: boolean; force?: boolean; idle?: string; json?: boolean};

export const registerLifecycle: Register = (program, runtime) => {
	program
		.command('up')
		.description('start agents (all of them in depends_on order, or one) in their tmux sessions and worktrees')
		.argument('[agent]', 'agent to start; all agents when omitted')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.option('--all', 'every registered workspace')
		.option('--fresh-worktree', 'reset worktrees to the project HEAD first (refuses to drop unsaved work); the conversation is kept')
		.option('--new-session', 'start a new conversation instead of resuming each agent\'s recorded one')
		.addOption(new Option('--mode <mode>', 'launch mode').choices(['safe', 'auto', 'unattended']))
		.addOption(new Option('--policy <policy>', 'permission policy').choices(['constrained', 'bypass']))
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nExamples:\n  tt up                 start the whole team\n  tt up implementer     start one agent\n  tt up --new-session   start over: new conversations, same worktrees\n  tt up --mode unattended --policy bypass\n\nAn agent whose CLI records its conversation (Claude Code, Codex, Gemini CLI, Qwen Code, opencode,\nCopilot CLI, demo) resumes it when it is verifiably that agent\'s (same worktree and config dir);\notherwise it starts a new one and says why.')
		.action(
			handler(runtime, async (agent: string | undefined, flags: UpFlags) => {
				const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
				const all: Array<UpResult & {workspace: string}> = [];
				for (const ctx of contexts) {
					const results = await upAgents(ctx, {agents: agent ? [agent] : [], freshWorktree: flags.freshWorktree, newSession: flags.newSession, mode: flags.mode, policy: flags.policy});
					all.push(...results.map((result) => ({...result, workspace: ctx.name})));
				}
				if (flags.json) {
					runtime.output.json(all.map((result) => ({workspace: result.workspace, agent: result.agent, runtime: result.runtime, session: result.session, outcome: result.outcome, conversation: result.conversation ?? null, workdir: result.workdir, worktree: result.worktree ?? null, branch: result.branch ?? null, warnings: result.warnings, error: result.error ? errorJson(result.error) : null})));
				} else {
					printUp(runtime.output, all, contexts);
				}
				return all.some((result) => result.outcome === 'failed') ? 1 : 0;
			}),
		);

	program
		.command('down')
		.description('stop agents (all, or one); --clean also removes their worktrees when nothing would be lost')
		.argument('[agent]', 'agent to stop; all agents when omitted')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.option('--all', 'every registered workspace')
		.option('--clean', 'remove the worktrees too (refused when they hold uncommitted or unlanded work)')
		.option('--force', 'with --clean: remove worktrees even if work would be lost')
		.option('--idle <duration>', 'only agents idle at least this long (30m, 2h, 90s): frees their memory; tt up or tt send --auto-up resumes their conversation')
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nExamples:\n  tt down               stop the whole team\n  tt down reviewer      stop one agent\n  tt down --idle 30m    stop the agents that have been idle for 30 minutes or more\n  tt down --clean       stop and remove the worktrees (refused when work would be lost)')
		.action(
			handler(runtime, async (agent: string | undefined, flags: DownFlags) => {
				if (flags.force && !flags.clean) throw new TuttiError('ERR_USAGE', '--force only applies with --clean', {hint: 'tt down --clean --force'});
				if (flags.idle !== undefined) return downIdle(runtime, agent, flags);
				const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
				let failed = false;
				const rows: Array<Record<string, unknown>> = [];
				// stopAgents runs the agent_stop hooks ([[hook]] event = "agent_stop") after each stop.
				const {stopAgents} = await import('../../core/actions/stop.js');
				for (const ctx of contexts) {
					for (const result of await stopAgents(ctx, {agents: agent ? [agent] : [], clean: flags.clean, force: flags.force})) {
						failed ||= Boolean(result.error);
						rows.push({workspace: ctx.name, agent: result.agent, session: result.session, stopped: result.stopped, worktree_removed: result.worktreeRemoved, error: result.error ? errorJson(result.error) : null});
						if (!flags.json) {
							const what = result.stopped ? `stopped ${result.agent}` : `${result.agent} was not running`;
							runtime.output.out(`${what}${result.worktreeRemoved ? ' · worktree removed' : ''}`);
							if (result.error) {
								runtime.output.err(`${paint(runtime.output, 'red', `error[${result.error.category}]`)}: ${result.error.message}`);
								if (result.error.hint) runtime.output.err(`  hint: ${result.error.hint}`);
							}
						}
					}
				}
				if (flags.json) runtime.output.json(rows);
				return failed ? 1 : 0;
			}),
		);
};

function printUp(output: Output, results: ReadonlyArray<UpResult & {workspace: string}>, contexts: readonly WorkspaceContext[]): void {
	const multi = contexts.length > 1;
	const rows = results.map((result) => {
		const outcome =
			result.outcome === 'failed'
				? paint(output, 'red', 'failed')
				: result.outcome === 'already_running'
					? paint(output, 'dim', 'already running')
					: paint(output, 'green', result.outcome);
		return [...(multi ? [result.workspace] : []), result.agent, result.runtime, result.session, outcome, describeConversation(result.conversation), result.branch ?? '(project root)'];
	});
	output.out(table([...(multi ? ['Workspace'] : []), 'Agent', 'Runtime', 'Session', 'Result', 'Conversation', 'Branch'], rows));
	for (const result of results) {
		for (const warning of result.warnings) output.err(`warning: ${result.agent}: ${warning}`);
		if (result.error) {
			output.err(`${paint(output, 'red', `error[${result.error.category}]`)}: ${result.agent}: ${result.error.message}`);
			if (result.error.hint) output.err(`  hint: ${result.error.hint}`);
		}
	}
}
