import path from 'node:path';
import type {Enforcement, LaunchContext, LaunchFile, LaunchSpec} from '../../core/agents/adapter.js';
import {TuttiError} from '../../core/errors.js';

/**
 * Env flag telling `tt up` not to expect the prompt on the command line: it types the prompt
 * into the CLI once the CLI is ready (aider, custom, demo). The exact text to type (the prompt
 * plus any policy appendix) is in the file named by {@link deferredPromptFileEnv}.
 */
export const deferredPromptEnv = 'TUTTI_DEFERRED_PROMPT';
export const deferredPromptFileEnv = 'TUTTI_DEFERRED_PROMPT_FILE';
/** Env entry holding a directory `tt up` prepends to the agent's PATH (policy shims). */
export const pathPrependEnv = 'TUTTI_PATH_PREPEND';

// Agent names end up in file names under .tutti/state; config validates them too, but a launch
// spec must never write outside its state directory whatever it is given.
const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assertSafeAgentName(agent: string): void {
	if (!safeName.test(agent) || agent.includes('..')) {
		throw new TuttiError('ERR_CONFIG_INVALID', `agent name "${agent}" cannot be used in a file name`, {
			hint: 'Use letters, digits, ".", "_" and "-" only, starting with a letter or digit.',
		});
	}
}

/** Env every adapter sets. */
export function baseEnv(context: LaunchContext): Record<string, string> {
	return {TUTTI_AGENT: context.agent, TUTTI_WORKSPACE: context.workspace};
}

/** The initial prompt, or undefined when there is none (an empty prompt counts as none). */
export function initialPrompt(context: LaunchContext): string | undefined {
	return context.prompt !== undefined && context.prompt.trim() !== '' ? context.prompt : undefined;
}

/** Joins the prompt and a policy appendix with a blank line; either may be missing. */
export function joinPrompt(prompt: string | undefined, appendix: string | undefined): string | undefined {
	if (prompt === undefined) return appendix;
	if (appendix === undefined) return prompt;
	return `${prompt}\n\n${appendix}`;
}

/**
 * A positional prompt, after `--` so a prompt such as `-h`, `update` or `login` is taken as text
 * and never as a flag or a subcommand (claude and codex both have subcommands).
 */
export function positionalPrompt(prompt: string | undefined): string[] {
	return prompt === undefined ? [] : ['--', prompt];
}

/**
 * A prompt passed as an option value. A value starting with `-` goes in the `--long=value` form,
 * which every option parser binds literally, instead of being mistaken for a flag.
 */
export function optionPrompt(flag: string, longFlag: string, prompt: string | undefined): string[] {
	if (prompt === undefined) return [];
	return prompt.startsWith('-') ? [`${longFlag}=${prompt}`] : [flag, prompt];
}

/**
 * Applies `ctx.command` to an adapter's argv (`binary` + `args`):
 * - undefined: `[binary, ...args]`;
 * - an array (argv): it replaces the binary, its own arguments first: `[...command, ...args]`;
 * - a string (the user's shell text): `['sh', '-c', '<text> "$@"', 'sh', ...args]`, so the
 *   adapter's arguments still arrive as literal argv elements, never re-parsed by a shell.
 */
export function withCommand(context: LaunchContext, binary: string, args: readonly string[]): string[] {
	const {command} = context;
	if (command === undefined) return [binary, ...args];
	if (typeof command === 'string') {
		if (command.trim() === '') throw emptyCommand(context.agent);
		return ['sh', '-c', `${command} "$@"`, 'sh', ...args];
	}
	if (command.length === 0 || (command[0] ?? '').trim() === '') throw emptyCommand(context.agent);
	return [...command, ...args];
}

function emptyCommand(agent: string): TuttiError {
	return new TuttiError('ERR_CONFIG_INVALID', `agent "${agent}": command is empty`, {
		hint: 'Set [[agent]].command to a program (e.g. "my-cli --flag" or ["my-cli", "--flag"]), or remove it.',
	});
}

/** Where an agent's deferred prompt text is written. */
export function deferredPromptPath(context: LaunchContext): string {
	return path.join(context.stateDir, 'runtime-prompts', `${context.agent}.txt`);
}

/**
 * Env + file for a prompt `tt up` types after start-up instead of passing it on the command line.
 * Nothing when there is no text to deliver.
 */
export function deferPrompt(context: LaunchContext, text: string | undefined): {env: Record<string, string>; files: LaunchFile[]} {
	if (text === undefined) return {env: {}, files: []};
	const file = deferredPromptPath(context);
	return {env: {[deferredPromptEnv]: '1', [deferredPromptFileEnv]: file}, files: [{path: file, content: text}]};
}

/** Builds a LaunchSpec, always with the base env first so adapters cannot forget it. */
export function spec(
	context: LaunchContext,
	parts: {argv: string[]; enforcement: Enforcement; env?: Record<string, string>; files?: LaunchFile[]; warnings?: string[]},
): LaunchSpec {
	return {
		argv: parts.argv,
		env: {...baseEnv(context), ...parts.env},
		files: parts.files ?? [],
		enforcement: parts.enforcement,
		warnings: parts.warnings ?? [],
	};
}
