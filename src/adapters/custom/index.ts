import type {AgentAdapter, DialogAnswer, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {DialogAnswerConfig} from '../../core/config/index.js';
import {TuttiError} from '../../core/errors.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import type {AgentState} from '../../core/state/types.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, deferPrompt, initialPrompt, spec} from '../shared/launch.js';
import {priority} from '../shared/priorities.js';

/**
 * Any terminal agent declared in tutti.toml with its own `command`:
 * - an array is argv as written, then `[[agent]].args`;
 * - a string is the user's shell text: `['sh', '-c', text]`, or with args
 *   `['sh', '-c', '<text> "$@"', 'sh', ...args]` so they arrive literally.
 * The prompt is typed in once the CLI is up (`TUTTI_DEFERRED_PROMPT`): tutti does not know how
 * a custom CLI takes a prompt on its command line.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const {command, extraArgs} = context;
	let argv: string[];
	if (typeof command === 'string' && command.trim() !== '') {
		argv = extraArgs.length === 0 ? ['sh', '-c', command] : ['sh', '-c', `${command} "$@"`, 'sh', ...extraArgs];
	} else if (Array.isArray(command) && command.length > 0 && (command[0] ?? '').trim() !== '') {
		argv = [...(command as readonly string[]), ...extraArgs];
	} else {
		throw new TuttiError('ERR_CONFIG_INVALID', `agent "${context.agent}" has runtime "custom" but no command`, {
			hint: 'Set [[agent]].command, e.g. command = "my-agent --interactive" or command = ["my-agent", "--interactive"].',
		});
	}
	const safe = context.mode === 'safe';
	const warnings =
		context.mode === 'unattended'
			? [`${context.agent}: tutti cannot pass --mode unattended --policy ${context.policy} to a custom CLI; put its own flags in [[agent]].command or args`]
			: [];
	return spec(context, {argv, enforcement: safe ? 'prompt' : 'unsupported', warnings, ...deferPrompt(context, initialPrompt(context))});
}

/** Screen patterns a custom agent declares in tutti.toml, per state (regular expression sources). */
export type CustomScreenPatterns = Partial<Record<'idle' | 'working' | 'needs_input' | 'auth_failed' | 'rate_limited' | 'provider_down', readonly string[]>>;

const statePriority: Record<keyof CustomScreenPatterns, number> = {
	needs_input: priority.dialog,
	auth_failed: priority.authFailed,
	rate_limited: priority.rateLimited,
	provider_down: priority.providerDown,
	working: priority.working,
	idle: priority.idle,
};

/**
 * Turns config-declared regexes into screen rules on the live region (`bottom`, 8 rows,
 * case-insensitive), ids `custom/<state>.<n>` (1-based, in config order). Priorities follow the
 * built-in scale: dialogs, then errors, then busy, then idle. Throws ERR_CONFIG_INVALID naming
 * the pattern when one does not compile.
 */
export function customScreenRules(screen: CustomScreenPatterns | undefined): ScreenRule[] {
	if (!screen) return [];
	const rules: ScreenRule[] = [];
	for (const state of Object.keys(statePriority) as Array<keyof CustomScreenPatterns>) {
		(screen[state] ?? []).forEach((pattern, index) => {
			try {
				new RegExp(pattern, 'i');
			} catch (error) {
				throw new TuttiError('ERR_CONFIG_INVALID', `screen.${state}[${index}]: invalid regular expression ${JSON.stringify(pattern)}`, {
					cause: error,
					hint: `Fix the pattern: ${(error as Error).message}`,
				});
			}
			rules.push({id: `custom/${state}.${index + 1}`, state: state satisfies AgentState, pattern, flags: 'i', region: 'bottom', rows: 8, priority: statePriority[state]});
		});
	}
	return rules;
}

/**
 * The approval dialogs a custom agent declares in tutti.toml (`[[agent.answers]]`, validated by
 * the config schema), ids `custom/answer.<n>` (1-based, in config order); patterns are
 * case-insensitive like its screen rules.
 */
export function customDialogAnswers(answers: readonly DialogAnswerConfig[] | undefined): DialogAnswer[] {
	return (answers ?? []).map((answer, index) => ({id: `custom/answer.${index + 1}`, pattern: answer.pattern, flags: 'i', rows: answer.rows, approve: answer.approve, deny: answer.deny}));
}

export const customAdapter: AgentAdapter = {
	id: 'custom',
	displayName: 'Custom CLI',
	// No default binary: argv[0] comes from the agent's `command`.
	binary: '',
	installHint: 'Declare the CLI in tutti.toml: [[agent]] runtime = "custom", command = "…"',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 50, bracketSingleLine: false},
	exitCommand: undefined,
	// Rules come from the agent's config (customScreenRules); none are built in.
	screenRules: [],
	contextWindow: knownContextWindow,
};
