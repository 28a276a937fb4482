import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {settleAfterAttach} from '../../core/actions/view-size.js';
import {findAgent} from '../../core/config/index.js';
import {sendPrompt} from '../../core/agents/send.js';
import {TuttiError} from '../../core/errors.js';
import {planAttach} from '../../core/tmux/attach.js';
import {parseAgentRef} from '../context.js';
import {intOption, handler, type Register} from '../program.js';
import {formatState} from './status.js';
import {statePresentation} from '../../core/model/presentation.js';

type SendFlags = {autoUp?: boolean; wait?: boolean; timeoutSecs: number; idleStableSecs: number; output?: boolean; json?: boolean};

export const registerInteract: Register = (program, runtime) => {
	program
		.command('attach')
		.description('hand your terminal to an agent\'s tmux session (its status line names the keys that detach: Ctrl-b d, or Ctrl-b Ctrl-b d inside your own tmux)')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.action(
			handler(runtime, async (reference: string) => {
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const agent = findAgent(ctx.config, name);
				const session = ctx.sessionOf(agent.name);
				const {tmux} = ctx.services;
				const pane = await tmux.paneInfo(session);
				if (!pane) throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" is not running`, {hint: `Start it first: tt up ${agent.name}`});
				if (!process.stdin.isTTY || !process.stdout.isTTY) throw new TuttiError('ERR_USAGE', 'tt attach needs an interactive terminal', {hint: `Use tt peek ${agent.name} to print the screen instead.`});
				const other = ctx.config.agent.find((candidate) => candidate.name !== agent.name);
				const plan = await planAttach(tmux, ctx.services.runner, session);
				await tmux.setSessionOption(session, 'status', 'on');
				await tmux.setSessionOption(session, 'status-left', ` tutti: ${agent.name} (${ctx.name}) ── ${plan.detachKeys} to detach${other ? ` ── tt attach ${other.name}` : ''}`.replaceAll('#', '##'));
				// While a person is attached the window follows their terminal; tutti's fixed size returns on detach.
				if (plan.mode !== 'switch') await tmux.setWindowOption(session, 'window-size', 'latest');
				const result = spawnSync(plan.command, plan.argv, {stdio: 'inherit', env: plan.env});
				if (plan.mode !== 'switch') {
					await tmux.setWindowOption(session, 'window-size', 'manual').catch(() => undefined);
					await settleAfterAttach(ctx, agent.name, {cols: pane.width, rows: pane.height}).catch(() => undefined);
				}
				if (result.error) throw new TuttiError('ERR_TMUX', `could not attach: ${result.error.message}`, {hint: 'Is tmux installed? Run tt doctor.'});
				return result.status ?? 0;
			}),
		);

	program
		.command('peek')
		.description('print what an agent\'s terminal shows now')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.option('-l, --lines <n>', 'lines of scrollback above the screen to include', intOption('--lines', 0, 100_000), 50)
		.option('-e, --escapes', 'keep colours (ANSI escapes)')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (reference: string, flags: {lines: number; escapes?: boolean; json?: boolean}) => {
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const agent = findAgent(ctx.config, name);
				const session = ctx.sessionOf(agent.name);
				const pane = await ctx.services.tmux.paneInfo(session);
				if (!pane) throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" is not running`, {hint: `Start it first: tt up ${agent.name}`});
				const text = await ctx.services.tmux.capturePane(session, {history: flags.lines, escapes: flags.escapes});
				const trimmed = text.replace(/\s+$/, '');
				if (flags.json) return runtime.output.json({workspace: ctx.name, agent: agent.name, session, dead: pane.dead, width: pane.width, height: pane.height, title: pane.title, text: trimmed});
				runtime.output.out(trimmed === '' ? '(empty screen)' : trimmed);
			}),
		);

	program
		.command('send')
		.description('type a prompt into an agent (use - to read it from stdin)')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.argument('<prompt...>', 'the prompt; words are joined with single spaces')
		.option('--auto-up', 'start the agent first when it is not running')
		.option('--wait', 'wait until the agent has finished the turn')
		.option('--timeout-secs <n>', 'with --wait: give up after this long', intOption('--timeout-secs', 1, 86_400), 900)
		.option('--idle-stable-secs <n>', 'with --wait: idle must hold this long after activity', intOption('--idle-stable-secs', 0, 600), 1)
		.option('--output', 'print the text the agent added (with --wait: the whole reply)')
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nThe prompt is typed literally (quotes, $(…), newlines and tmux key names are not interpreted).\n\nExamples:\n  tt send implementer "add a test for parse()"\n  tt send tester --wait --output "run the tests"\n  git diff | tt send reviewer -')
		.action(
			handler(runtime, async (reference: string, words: string[], flags: SendFlags) => {
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const text = words.length === 1 && words[0] === '-' ? readFileSync(0, 'utf8') : words.join(' ');
				const result = await sendPrompt(ctx, name, text, {autoUp: flags.autoUp, wait: flags.wait, timeoutMs: flags.timeoutSecs * 1000, idleStableMs: flags.idleStableSecs * 1000, output: flags.output});
				if (flags.json) return runtime.output.json(result);
				for (const warning of result.warnings) runtime.output.err(`warning: ${warning}`);
				// In words; the sources and rules behind it are in --json (completion_source, completion_detail).
				const ended = !result.waited
					? ''
					: result.completion_source === 'idle_after_activity'
						? ' · its turn ended; it is idle'
						: result.completion_source === 'idle_after_grace'
							? ' · no work was seen; it is idle'
							: ` · it ${statePresentation[result.state].phrase} now`;
				runtime.output.out(`sent prompt to ${result.agent} (${result.workspace})${result.started ? ' · started it first' : ''}${result.confirmed ? '' : ' · not confirmed on its screen'}${ended}`);
				if (result.waited) runtime.output.out(`state: ${formatState(runtime.output, result.state)}`);
				if (flags.output) runtime.output.out(result.captured_output && result.captured_output.trim() !== '' ? result.captured_output : '(no new output captured)');
				return result.waited && ['auth_failed', 'rate_limited', 'provider_down'].includes(result.state) ? 1 : 0;
			}),
		);
};
