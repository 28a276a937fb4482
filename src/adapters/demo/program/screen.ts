/**
 * Output for the demo agent. On a terminal it is line-oriented like Claude Code's main screen:
 * the transcript goes to scrollback and a small "live region" at the bottom (prompt box, spinner
 * line or dialog) is erased and redrawn in place. Without a terminal it prints plain lines only.
 */

import {
	dialogBox,
	promptBox,
	spinnerLine,
	startingLine,
	stateSequence,
	titleSequence,
	type Block,
	type SignalState,
	type TitleState,
} from './render.js';
import {sanitize, textWidth} from './text.js';

/** What the live region shows. */
export type View =
	| {kind: 'none'}
	| {kind: 'starting'}
	| {kind: 'prompt'; input: string; hint?: string}
	| {kind: 'working'; frame: number; elapsedMs: number; queued: readonly string[]}
	| {kind: 'dialog'; question: string; selected: 0 | 1};

export type Output = {
	/** Appends transcript lines above the live region. */
	print(lines: readonly string[]): void;
	/** Replaces the live region. */
	view(view: View): void;
	/** OSC 7501 state announcement. */
	signal(state: SignalState, kind?: string): void;
	/** OSC 0 pane title. */
	title(state: TitleState): void;
	/** Erases the live region and leaves the cursor on a fresh line. */
	close(): void;
};

/** Lays out a view for a terminal of the given size. */
export function renderView(view: View, columns: number, rows: number): Block {
	switch (view.kind) {
		case 'none':
			return {lines: []};
		case 'starting':
			return {lines: [startingLine]};
		case 'prompt': {
			const options = view.hint === undefined ? {maxRows: Math.max(1, rows - 5)} : {maxRows: Math.max(1, rows - 5), hint: view.hint};
			return promptBox(columns, view.input, options);
		}
		case 'working': {
			const queued = view.queued.map((prompt) =>
				`  ⎿ queued: ${sanitize(prompt).split('\n')[0] ?? ''}`.slice(0, Math.max(10, columns - 1)),
			);
			return {lines: [spinnerLine(view.frame, view.elapsedMs), ...queued.slice(-3)]};
		}
		case 'dialog':
			return {lines: dialogBox(columns, view.question, view.selected).slice(-Math.max(3, rows - 1))};
	}
}

export type TerminalSize = {columns: number; rows: number};

/** Rows a line takes on a terminal `columns` wide (a line exactly that wide takes one). */
function physicalRows(line: string, columns: number): number {
	return Math.max(1, Math.ceil(textWidth(line) / Math.max(1, columns)));
}

export class TtyOutput implements Output {
	private current: View = {kind: 'none'};
	private drawn: string[] = [];
	/** How many physical rows the cursor sits below the first row of the live region. */
	private cursorRow = 0;
	private drawnColumns: number;

	constructor(
		private readonly write: (data: string) => void,
		private readonly size: () => TerminalSize,
	) {
		this.drawnColumns = size().columns;
	}

	print(lines: readonly string[]): void {
		this.redraw(lines.map((line) => `${line}\r\n`).join(''));
	}

	view(view: View): void {
		this.current = view;
		this.redraw('');
	}

	signal(state: SignalState, kind?: string): void {
		this.write(stateSequence(state, kind));
	}

	title(state: TitleState): void {
		this.write(titleSequence(state));
	}

	/** After SIGWINCH: the terminal may have re-wrapped the live region; erase it as it is now. */
	resize(): void {
		const {columns} = this.size();
		if (columns < this.drawnColumns) {
			// Narrower: each drawn line now spans more rows, and so does the distance to the cursor.
			const rowIndex = this.cursorLineIndex();
			let rows = 0;
			for (let i = 0; i < rowIndex; i++) rows += physicalRows(this.drawn[i] ?? '', columns);
			this.cursorRow = rows;
		}
		this.redraw('');
	}

	close(): void {
		this.current = {kind: 'none'};
		this.redraw('');
		this.write('\x1b[?25h');
	}

	/** Index of the drawn line the cursor is on. */
	private cursorLineIndex(): number {
		let rows = 0;
		for (let i = 0; i < this.drawn.length; i++) {
			if (rows >= this.cursorRow) return i;
			rows += physicalRows(this.drawn[i] ?? '', this.drawnColumns);
		}
		return Math.max(0, this.drawn.length - 1);
	}

	/** Erases the live region, writes `above` into the scrollback, draws the current view. One write. */
	private redraw(above: string): void {
		const {columns, rows} = this.size();
		let out = '\r';
		if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
		out += '\x1b[J' + above;
		const block = renderView(this.current, columns, rows);
		out += block.lines.join('\r\n');
		let cursorRow = 0;
		for (let i = 0; i < block.lines.length - 1; i++) cursorRow += physicalRows(block.lines[i] ?? '', columns);
		if (block.cursor) {
			let target = 0;
			for (let i = 0; i < block.cursor.row; i++) target += physicalRows(block.lines[i] ?? '', columns);
			if (cursorRow > target) out += `\x1b[${cursorRow - target}A`;
			out += `\r${block.cursor.col > 0 ? `\x1b[${block.cursor.col}C` : ''}\x1b[?25h`;
			cursorRow = target;
		} else if (block.lines.length > 0) {
			out += '\x1b[?25l';
		}
		this.cursorRow = cursorRow;
		this.drawn = block.lines;
		this.drawnColumns = columns;
		this.write(out);
	}
}

/** Plain output for pipes: transcript lines and dialogs only, no escape sequences. */
export class LineOutput implements Output {
	private lastKind: View['kind'] = 'none';

	constructor(private readonly write: (data: string) => void) {}

	print(lines: readonly string[]): void {
		if (lines.length > 0) this.write(`${lines.join('\n')}\n`);
	}

	view(view: View): void {
		if (view.kind === 'dialog' && this.lastKind !== 'dialog') this.print(dialogBox(60, view.question, view.selected));
		this.lastKind = view.kind;
	}

	signal(): void {}

	title(): void {}

	close(): void {}
}
