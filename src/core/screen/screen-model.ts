import xtermHeadless, {type IBufferCell} from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import {styledRows, type StyledRowsOptions} from './styled-rows.js';

const {Terminal} = xtermHeadless;
const {SerializeAddon} = serializeAddon;

export type ScreenSnapshot = {
	/** Visible rows, top to bottom, trailing blanks trimmed. */
	lines: string[];
	cursor: {x: number; y: number};
	cols: number;
	rows: number;
	title: string;
};

/**
 * A pane's screen, rebuilt from its output stream by a headless xterm of the pane's size. It is
 * what detection, the TUI focus view, `tt peek` and the dashboard read.
 */
export class ScreenModel {
	readonly #terminal: InstanceType<typeof Terminal>;
	readonly #serializer: InstanceType<typeof SerializeAddon>;
	#title = '';
	#cell: IBufferCell | undefined;
	/** Bumped on every write; lets readers skip unchanged screens. */
	version = 0;
	readonly #osc: Array<(code: number, data: string) => void> = [];

	constructor(cols: number, rows: number, options: {scrollback?: number} = {}) {
		this.#terminal = new Terminal({cols, rows, scrollback: options.scrollback ?? 2000, allowProposedApi: true});
		this.#serializer = new SerializeAddon();
		this.#terminal.loadAddon(this.#serializer);
		this.#terminal.onTitleChange((title) => {
			this.#title = title;
		});
		// Private OSC state sequences (Codex's 7501; the demo agent's too) are native signals.
		this.#terminal.parser.registerOscHandler(7501, (data) => {
			for (const listener of this.#osc) listener(7501, data);
			return true;
		});
	}

	get cols(): number {
		return this.#terminal.cols;
	}

	get rows(): number {
		return this.#terminal.rows;
	}

	onOsc(listener: (code: number, data: string) => void): void {
		this.#osc.push(listener);
	}

	/** Feeds output bytes; resolves when the terminal has parsed them (and everything before). */
	write(data: Uint8Array | string): Promise<void> {
		this.version++;
		return new Promise((resolve) => this.#terminal.write(data, resolve));
	}

	/** Queues bytes without waiting (xterm parses them in order, in time slices). */
	feed(data: Uint8Array | string): void {
		this.version++;
		this.#terminal.write(data);
	}

	/** Resolves once everything fed so far has been parsed. */
	drain(): Promise<void> {
		return new Promise((resolve) => this.#terminal.write('', resolve));
	}

	resize(cols: number, rows: number): void {
		if (cols === this.#terminal.cols && rows === this.#terminal.rows) return;
		this.#terminal.resize(Math.max(2, cols), Math.max(1, rows));
		this.version++;
	}

	/** Replaces the content with a `capture-pane -e` seed and puts the cursor where tmux has it. */
	async seed(captured: string, cursor: {x: number; y: number}, title?: string): Promise<void> {
		const rows = captured.replace(/\n$/, '').split('\n');
		await this.write(`\u001Bc${rows.join('\r\n')}\u001B[${cursor.y + 1};${cursor.x + 1}H`);
		if (title !== undefined) this.#title = title;
	}

	/** Sets the title as tmux reports it (a captured screen carries none of its own). */
	setTitle(title: string): void {
		if (title === this.#title) return;
		this.#title = title;
		this.version++;
	}

	snapshot(): ScreenSnapshot {
		const buffer = this.#terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < this.#terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}
		return {lines, cursor: {x: buffer.cursorX, y: buffer.cursorY}, cols: this.#terminal.cols, rows: this.#terminal.rows, title: this.#title};
	}

	/** Scrollback plus screen as plain lines (oldest first). */
	allLines(): string[] {
		const buffer = this.#terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row)?.translateToString(true) ?? '');
		return lines;
	}

	/** Lines in the buffer (scrollback + screen). */
	get length(): number {
		return this.#terminal.buffer.active.length;
	}

	/** The first screen row's index in the buffer (= lines of scrollback). */
	get baseY(): number {
		return this.#terminal.buffer.active.baseY;
	}

	/** Buffer rows [start, start+count) with colours and attributes as SGR-only text (the TUI's focus view). */
	styledRows(start: number, count: number, options: StyledRowsOptions): string[] {
		this.#cell ??= this.#terminal.buffer.active.getNullCell();
		return styledRows(this.#terminal.buffer.active, this.#cell, start, count, options);
	}

	/** The screen with colours as ANSI text (for the dashboard's xterm.js). */
	serialize(options: {scrollback?: number} = {}): string {
		return this.#serializer.serialize({scrollback: options.scrollback ?? 0});
	}

	dispose(): void {
		this.#terminal.dispose();
	}
}
