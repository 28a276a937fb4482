/**
 * Resuming a demo conversation, the way Claude Code does: `--session-id <id>` starts a new session
 * log under that id (refused when it exists), `--resume <id>` reopens one (refused when it does
 * not) and shows its earlier turns before the prompt.
 */

import {existsSync, readFileSync} from 'node:fs';
import {answerLines, userLines} from './render.js';

/** What the command line asked for. */
export type SessionChoice = {kind: 'new'; id: string | undefined} | {kind: 'resume'; id: string};

/** An id becomes a file name: anything that could climb out of the directory is refused. */
export function safeSessionId(id: string | undefined): boolean {
	return id !== undefined && /^[\w.-]+$/.test(id) && !/^\.+$/.test(id);
}

/**
 * Reads `--session-id <id>` / `--resume <id>` (also `--flag=<id>`); other arguments are the
 * user's and left alone. Throws with Claude Code's wording for a missing or unsafe id.
 */
export function parseSessionArgs(argv: readonly string[]): SessionChoice {
	let choice: SessionChoice = {kind: 'new', id: undefined};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		if (flag !== '--session-id' && flag !== '--resume') continue;
		const value = inline ?? argv[++i];
		if (!safeSessionId(value)) throw new Error(`${flag} needs a session id (letters, digits, '.', '_' or '-'), got ${JSON.stringify(value ?? '')}`);
		choice = flag === '--resume' ? {kind: 'resume', id: value as string} : {kind: 'new', id: value};
	}
	return choice;
}

/** One earlier exchange, as shown when the conversation is resumed. */
export type Turn = {prompt: string; answer: string};

export type Conversation = {turns: Turn[]; lastUuid: string | null};

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((block: unknown) => (block && typeof block === 'object' && (block as {type?: unknown}).type === 'text' ? String((block as {text?: unknown}).text ?? '') : ''))
		.filter((text) => text !== '')
		.join('\n');
}

/**
 * The turns of a session log (user prompt, then the assistant's text, API errors left out), and
 * its last entry's uuid.
 */
export function readConversation(file: string): Conversation {
	const turns: Turn[] = [];
	let lastUuid: string | null = null;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line.trim() === '') continue;
		let entry: {type?: unknown; uuid?: unknown; isApiErrorMessage?: unknown; message?: {content?: unknown}};
		try {
			entry = JSON.parse(line) as typeof entry;
		} catch {
			continue; // A line torn by a crash mid-write.
		}
		if (typeof entry.uuid === 'string') lastUuid = entry.uuid;
		// An API error is not part of the conversation (no model answered); redrawn, it would also
		// read as a live error on the resumed screen.
		if (entry.isApiErrorMessage === true) continue;
		const text = textOf(entry.message?.content);
		if (entry.type === 'user') turns.push({prompt: text, answer: ''});
		else if (entry.type === 'assistant' && text !== '' && turns.length > 0) {
			const turn = turns[turns.length - 1] as Turn;
			turn.answer = turn.answer === '' ? text : `${turn.answer}\n${text}`;
		}
	}
	return {turns, lastUuid};
}

/** What a resumed demo prints under its banner. */
export function resumedLines(id: string, turns: readonly Turn[]): string[] {
	const lines = [`Resumed conversation ${id} (${turns.length} earlier ${turns.length === 1 ? 'turn' : 'turns'})`];
	for (const turn of turns) lines.push('', ...userLines(turn.prompt), ...(turn.answer === '' ? [] : answerLines(turn.answer)));
	return lines;
}

/** Claude Code's refusal for the session the command line names, or undefined when it may go ahead. */
export function sessionRefusal(choice: SessionChoice, file: string): string | undefined {
	if (choice.kind === 'resume' && !existsSync(file)) return `No conversation found with session ID: ${choice.id}`;
	if (choice.kind === 'new' && choice.id !== undefined && existsSync(file)) return `Error: Session ID ${choice.id} is already in use.`;
	return undefined;
}
