/** One key press (or paste, or mouse event) as read from the terminal, already decoded. */
export type KeyPress = {
	/** `a`, `G`, `?`, `enter`, `escape`, `up`, `pageup`, `backspace`, … or `paste` / `mouse`. */
	name: string;
	ctrl: boolean;
	meta: boolean;
	shift: boolean;
	/** Printable text the press types (a character, or a whole paste); empty for control keys. */
	text: string;
	mouse?: MouseEvent;
	/** The raw sequence. */
	sequence: string;
};

/** An SGR (1006) mouse report. Coordinates are 0-based. */
export type MouseEvent = {button: number; x: number; y: number; release: boolean; wheel: 'up' | 'down' | undefined};

const csiNames: Record<string, string> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	H: 'home',
	F: 'end',
	Z: 'tab',
};
const tildeNames: Record<string, string> = {'1': 'home', '2': 'insert', '3': 'delete', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end'};

function press(name: string, sequence: string, extra: Partial<KeyPress> = {}): KeyPress {
	return {name, ctrl: false, meta: false, shift: false, text: '', sequence, ...extra};
}

/** xterm modifier parameter (`1;5A` → 5): bit 0 shift, bit 1 alt, bit 2 ctrl. */
function modifiers(parameter: string | undefined): Pick<KeyPress, 'ctrl' | 'meta' | 'shift'> {
	const value = Math.max(0, Number(parameter ?? '1') - 1);
	return {shift: (value & 1) !== 0, meta: (value & 2) !== 0, ctrl: (value & 4) !== 0};
}

/**
 * Decodes one input event (Ink's input parser has already split the stream into single escape
 * sequences and runs of text).
 */
export function parseKey(sequence: string): KeyPress {
	const mouse = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])$/.exec(sequence);
	if (mouse) {
		const button = Number(mouse[1]);
		const wheel = (button & 64) !== 0 ? ((button & 1) === 0 ? 'up' : 'down') : undefined;
		return press('mouse', sequence, {mouse: {button: button & 3, x: Number(mouse[2]) - 1, y: Number(mouse[3]) - 1, release: mouse[4] === 'm', wheel}});
	}
	if (sequence === '\r') return press('enter', sequence);
	if (sequence === '\n') return press('j', sequence, {ctrl: true});
	if (sequence === '\t') return press('tab', sequence);
	if (sequence === '\u007F' || sequence === '\b') return press('backspace', sequence);
	if (sequence === '\u001B' || sequence === '\u001B\u001B') return press('escape', sequence);
	if (sequence === '\u001B\r' || sequence === '\u001B\n') return press('enter', sequence, {meta: true});
	if (sequence === '\u001B\u007F') return press('backspace', sequence, {meta: true});
	const csi = /^\u001B(?:\[|O)(?:(\d+)(?:;(\d+))?)?([A-Za-z~])$/.exec(sequence);
	if (csi) {
		const [, first, second, final = ''] = csi;
		if (final === '~') return press(tildeNames[first ?? ''] ?? `unknown`, sequence, modifiers(second));
		const name = csiNames[final];
		if (name === 'tab') return press('tab', sequence, {shift: true});
		if (name) return press(name, sequence, modifiers(second ?? (first === '1' ? undefined : first)));
		return press('unknown', sequence);
	}
	if (sequence.startsWith('\u001B')) {
		const rest = sequence.slice(1);
		if (rest.length === 1) return {...parseKey(rest), meta: true, text: '', sequence};
		return press('unknown', sequence);
	}
	if (sequence.length === 1) {
		const code = sequence.charCodeAt(0);
		if (code === 0) return press('space', sequence, {ctrl: true});
		if (code < 27) return press(String.fromCharCode(code + 96), sequence, {ctrl: true});
		if (code < 32) return press('unknown', sequence);
		return press(sequence, sequence, {text: sequence, shift: sequence !== sequence.toLowerCase()});
	}
	// A run of text: typed fast or pasted. Terminals send line breaks in pastes as CR.
	const text = sequence.replace(/\r\n?/g, '\n');
	const printable = [...text];
	if (printable.length === 1) return press(text, sequence, {text});
	return press('paste', sequence, {text});
}

/**
 * A run of text is several keys typed fast (or sent by `tmux send-keys`), or a paste. Where text
 * is typed (a prompt) it stays one paste, a single trailing Enter still submitting it; anywhere
 * else each character is its own key press.
 */
export function expandPress(key: KeyPress, textInput: boolean): KeyPress[] {
	// Esc then a key, typed fast, arrives as one "Alt-key" sequence; no Alt-letter is bound, so
	// it is read as the two presses it most likely was.
	if (key.meta && key.name !== 'enter' && key.name !== 'backspace' && /^\u001B[^\u001B[O]$/u.test(key.sequence)) return [parseKey('\u001B'), parseKey(key.sequence.slice(1))];
	if (key.name !== 'paste') return [key];
	if (!textInput) return [...key.sequence].map((char) => parseKey(char));
	const raw = key.sequence;
	if (raw.endsWith('\r') && !raw.slice(0, -1).includes('\r')) return [parseKey(raw.slice(0, -1)), parseKey('\r')].filter((press) => press.sequence !== '');
	return [key];
}
