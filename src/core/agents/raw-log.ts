import stripAnsi from 'strip-ansi';

/**
 * Turns a raw pane recording (bytes as the CLI wrote them: colours, cursor moves, redraws) into
 * readable lines: escape sequences are dropped and carriage-return overwrites keep the last text.
 */
export function readableLog(raw: string): string[] {
	// OSC sequences (titles, Codex's 7501 states) end in BEL or ST; strip-ansi misses some forms.
	const withoutOsc = raw.replace(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '');
	const plain = stripAnsi(withoutOsc).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
	const lines: string[] = [];
	for (const line of plain.split('\n')) {
		const parts = line.split('\r');
		// After a CR the terminal overwrites from column 0: the visible text is the last non-empty part.
		let visible = '';
		for (const part of parts) if (part !== '') visible = part.length >= visible.length ? part : part + visible.slice(part.length);
		lines.push(visible.trimEnd());
	}
	return lines;
}
