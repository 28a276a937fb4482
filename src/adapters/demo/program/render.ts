/**
 * Pure string builders for everything the demo agent draws: the prompt box, the spinner line, the
 * permission dialog, transcript lines, and the OSC title/state sequences. No escape sequences
 * appear inside the returned lines, so they can be compared as plain text in tests.
 */

import type {ToolCall} from './turn.js';
import {fit, hardWrap, sanitize, textWidth} from './text.js';

/** States announced with the private OSC 7501 sequence (the ones Codex uses). */
export type SignalState = 'idle' | 'working' | 'blocked' | 'done' | 'error' | 'clear';

/** What the pane title says. */
export type TitleState = 'idle' | 'working' | 'needs-input';

export const titles: Readonly<Record<TitleState, string>> = {
	idle: '✳ demo: idle',
	working: '⠂ demo: working',
	'needs-input': '✋ demo: needs input',
};

/** OSC 0: sets the terminal (tmux pane) title. */
export function titleSequence(state: TitleState): string {
	return `\x1b]0;${titles[state]}\x07`;
}

/** OSC 7501, as Codex emits it: `state=<state>:app=demo[:kind=<kind>]`. */
export function stateSequence(state: SignalState, kind?: string): string {
	if (state === 'clear') return '\x1b]7501;state=clear\x07';
	return `\x1b]7501;state=${state}:app=demo${kind ? `:kind=${kind}` : ''}\x07`;
}

export const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** `⠋ Working… (3s · esc to interrupt)` */
export function spinnerLine(frame: number, elapsedMs: number): string {
	const glyph = spinnerFrames[Math.abs(frame) % spinnerFrames.length] ?? '⠋';
	return `${glyph} Working… (${Math.floor(Math.max(0, elapsedMs) / 1000)}s · esc to interrupt)`;
}

export const readyHint = '  ? for shortcuts · demo agent ready';
export const exitHint = '  Press Ctrl-C again to exit';

export function banner(name: string, cwd: string): string {
	return `demo agent · ${sanitize(name).replace(/\n/g, ' ')} · ${sanitize(cwd)}`;
}

export const startingLine = 'Starting demo agent…';

/** A block of lines for the live region, with where the cursor should rest (row index, column). */
export type Block = {lines: string[]; cursor?: {row: number; col: number}};

const minColumns = 12;

function boxTop(cols: number): string {
	return `╭${'─'.repeat(cols - 2)}╮`;
}

function boxBottom(cols: number): string {
	return `╰${'─'.repeat(cols - 2)}╯`;
}

function boxRow(cols: number, content: string): string {
	return `│ ${fit(content, cols - 4)} │`;
}

/**
 * The idle prompt box, full width, growing with the input (wrapped; the last `maxRows` rows shown
 * when it is long), and the hint line under it. The cursor rests after the input.
 */
export function promptBox(columns: number, input: string, options: {hint?: string; maxRows?: number} = {}): Block {
	const cols = Math.max(minColumns, columns);
	const textCols = cols - 6; // "│ " + "❯ " … " │"
	const rows: string[] = [];
	for (const line of sanitize(input).split('\n')) rows.push(...hardWrap(line, textCols));
	// Text that fills its row exactly puts the cursor on a fresh row, not on the border.
	if (textWidth(rows[rows.length - 1] ?? '') >= textCols) rows.push('');
	const maxRows = Math.max(1, options.maxRows ?? 12);
	const first = Math.max(0, rows.length - maxRows);
	const shown = rows.slice(first);
	const lines = [boxTop(cols), ...shown.map((row, i) => boxRow(cols, `${i === 0 && first === 0 ? '❯' : ' '} ${row}`)), boxBottom(cols)];
	lines.push(options.hint ?? readyHint);
	return {lines, cursor: {row: shown.length, col: 4 + textWidth(shown[shown.length - 1] ?? '')}};
}

/** The permission dialog, like Claude Code's, with the selected option marked `❯`. */
export function dialogBox(columns: number, question: string, selected: 0 | 1): string[] {
	const cols = Math.max(minColumns, columns);
	const questionRows = sanitize(question)
		.split('\n')
		.flatMap((line) => hardWrap(line, cols - 4));
	const option = (index: 0 | 1, label: string) => `${selected === index ? '❯' : ' '} ${index + 1}. ${label}`;
	return [
		boxTop(cols),
		boxRow(cols, 'Permission required'),
		...questionRows.map((row) => boxRow(cols, row)),
		boxRow(cols, 'Do you want to proceed?'),
		boxRow(cols, option(0, 'Yes')),
		boxRow(cols, option(1, 'No')),
		boxBottom(cols),
		'  Esc to cancel',
	];
}

/** Prefixes the first line and indents the rest to line up under it. */
function prefixed(prefix: string, text: string): string[] {
	const indent = ' '.repeat(textWidth(prefix));
	return sanitize(text)
		.split('\n')
		.map((line, i) => (i === 0 ? `${prefix}${line}` : `${indent}${line}`));
}

/** The user's prompt as echoed into the transcript: `> prompt`. */
export function userLines(prompt: string): string[] {
	return prefixed('> ', prompt);
}

/** An answer: `⏺ text`, further lines indented by two spaces. */
export function answerLines(text: string): string[] {
	return prefixed('⏺ ', text);
}

/** A result or status line under a tool call or turn: `  ⎿ text`. */
export function resultLines(text: string): string[] {
	return prefixed('  ⎿ ', text);
}

/** `⏺ Read(src/index.ts)` and its `⎿ Read 42 lines`. */
export function toolLines(tool: ToolCall): string[] {
	return [`⏺ ${tool.name}(${sanitize(tool.label).replace(/\n/g, ' ')})`, ...resultLines(tool.result)];
}
