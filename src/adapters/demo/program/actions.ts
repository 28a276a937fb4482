/**
 * The demo agent's side effects: writing files inside its working directory and committing with
 * git (argv arrays, never a shell). Each returns the answer to show and the tool call it made.
 */

import {spawnSync} from 'node:child_process';
import {appendFileSync, existsSync, lstatSync, mkdirSync, realpathSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {checkRelativePath, type Command} from './commands.js';
import {bashTool, chatAnswer, formatSeconds, type ToolCall} from './turn.js';

export type ActionResult = {ok: boolean; answer: string; tool?: ToolCall};

function isInside(root: string, target: string): boolean {
	const relative = path.relative(root, target);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The nearest existing ancestor of `target`, symlinks resolved. */
function realAncestor(target: string): string {
	let current = target;
	while (!existsSync(current)) {
		const parent = path.dirname(current);
		if (parent === current) break;
		current = parent;
	}
	return realpathSync(current);
}

/**
 * Resolves a relative path inside `cwd`, following symlinks, so a link in the worktree cannot
 * lead a write outside it. Returns the absolute path, or an error message.
 */
export function resolveInside(cwd: string, target: string): {file: string} | {error: string} {
	const refusal = checkRelativePath(target);
	if (refusal) return {error: refusal};
	const root = realpathSync(cwd);
	const file = path.resolve(root, target);
	const outside = {error: `refusing to write outside the working directory: ${target}`};
	if (!isInside(root, file) || !isInside(root, realAncestor(path.dirname(file)))) return outside;
	let isLink = false;
	try {
		isLink = lstatSync(file).isSymbolicLink();
	} catch {
		return {file}; // nothing there yet
	}
	if (isLink) {
		// A dangling link would be followed by the write, so it must resolve inside too.
		try {
			if (!isInside(root, realpathSync(file))) return outside;
		} catch {
			return outside;
		}
	}
	return {file};
}

function lineCount(text: string): number {
	return text.split('\n').length;
}

/** `write` and `append`: the text plus a newline, parent directories created. */
export function writeText(cwd: string, target: string, text: string, mode: 'write' | 'append'): ActionResult {
	const resolved = resolveInside(cwd, target);
	if ('error' in resolved) return {ok: false, answer: `Error: ${resolved.error}`};
	const content = `${text}\n`;
	const bytes = Buffer.byteLength(content);
	try {
		mkdirSync(path.dirname(resolved.file), {recursive: true});
		if (mode === 'write') writeFileSync(resolved.file, content);
		else appendFileSync(resolved.file, content);
	} catch (error) {
		return {ok: false, answer: `Error: could not ${mode} ${target}: ${(error as Error).message}`};
	}
	const lines = lineCount(text);
	const tool: ToolCall =
		mode === 'write'
			? {
					name: 'Write',
					label: target,
					input: {file_path: target, content},
					result: `Wrote ${lines} line${lines === 1 ? '' : 's'} to ${target}`,
				}
			: {
					name: 'Update',
					label: target,
					input: {file_path: target, new_string: content},
					result: `Appended ${lines} line${lines === 1 ? '' : 's'}`,
				};
	return {ok: true, answer: mode === 'write' ? `Wrote ${target} (${bytes} bytes)` : `Appended ${target} (${bytes} bytes)`, tool};
}

type GitRun = {status: number | null; output: string; error?: Error};

function git(cwd: string, args: readonly string[]): GitRun {
	const result = spawnSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000});
	const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
	return result.error ? {status: result.status, output, error: result.error} : {status: result.status, output};
}

/** The most telling line of git's output (its error, or "nothing to commit…"). */
function gitMessage(run: GitRun): string {
	if (run.error) return run.error.message;
	const lines = run.output.split('\n').map((line) => line.trim());
	return (
		lines.find((line) => /^(fatal|error):/.test(line)) ??
		lines.find((line) => /nothing (added )?to commit/.test(line)) ??
		lines[0] ??
		`exit ${run.status}`
	);
}

/** `git add -A` then `git commit -m <message>`; answers with the short hash, or git's error. */
export function commitAll(cwd: string, message: string): ActionResult {
	const tool = bashTool(`git add -A && git commit -m ${JSON.stringify(message)}`);
	const add = git(cwd, ['add', '-A']);
	if (add.status !== 0) return {ok: false, answer: `Error: git add failed: ${gitMessage(add)}`, tool: {...tool, result: gitMessage(add)}};
	const commit = git(cwd, ['commit', '-q', '-m', message]);
	if (commit.status !== 0) {
		return {ok: false, answer: `Error: git commit failed: ${gitMessage(commit)}`, tool: {...tool, result: gitMessage(commit)}};
	}
	const hash = git(cwd, ['rev-parse', '--short', 'HEAD']).output;
	const subject = message.split('\n')[0] ?? message;
	return {ok: true, answer: `Committed ${hash}: ${subject}`, tool: {...tool, result: `[${hash}] ${subject}`}};
}

/**
 * `git merge --no-edit <ref>`. A conflict is not an error for the demo: the files are left with
 * their markers (named in the answer) for the chain's next `write` and `commit` to resolve.
 */
export function mergeRef(cwd: string, ref: string): ActionResult {
	const tool = bashTool(`git merge --no-edit ${ref}`);
	const merge = git(cwd, ['merge', '--no-edit', ref]);
	if (merge.status === 0) return {ok: true, answer: `Merged ${ref}`, tool: {...tool, result: gitMessage(merge)}};
	const conflicted = git(cwd, ['diff', '--name-only', '--diff-filter=U']).output.split('\n').filter(Boolean);
	if (conflicted.length === 0) return {ok: false, answer: `Error: git merge failed: ${gitMessage(merge)}`, tool: {...tool, result: gitMessage(merge)}};
	return {ok: true, answer: `Merged ${ref} with conflicts in ${conflicted.join(', ')}`, tool: {...tool, result: `CONFLICT in ${conflicted.join(', ')}`}};
}

export type Effects = {write: typeof writeText; commit: typeof commitAll};
export const realEffects: Effects = {write: writeText, commit: commitAll};

/** Commands answered right after the working phase (`exit`, `fail` and `ask` have their own flow). */
export type AnsweredCommand = Exclude<Command, {kind: 'exit' | 'fail' | 'ask' | 'chain'}>;

/** Answers a command, or each command of a chain in order until one fails. */
export function answerCommands(command: AnsweredCommand | Extract<Command, {kind: 'chain'}>, cwd: string, effects: Effects = realEffects): ActionResult[] {
	if (command.kind !== 'chain') return [answerCommand(command, cwd, effects)];
	const results: ActionResult[] = [];
	for (const step of command.steps) {
		const result = answerCommand(step, cwd, effects);
		results.push(result);
		if (!result.ok) break;
	}
	return results;
}

export function answerCommand(command: AnsweredCommand, cwd: string, effects: Effects = realEffects): ActionResult {
	switch (command.kind) {
		case 'write':
		case 'append':
			return effects.write(cwd, command.path, command.text, command.kind);
		case 'commit':
			return effects.commit(cwd, command.message);
		case 'merge':
			return mergeRef(cwd, command.ref);
		case 'sleep':
			return {ok: true, answer: `Slept ${formatSeconds(command.seconds)}s`};
		case 'echo':
			return {ok: true, answer: command.text};
		case 'invalid':
			return {ok: false, answer: `Error: ${command.message}`};
		case 'chat':
			return {ok: true, answer: chatAnswer(command.prompt)};
	}
}
