/** Lines that are only box drawing or rules. */
const frameOnly = /^[\s─━│┃║╭╮╰╯┌┐└┘├┤┬┴┼═╔╗╚╝▔▁_=-]*$/u;
/** Key hints CLIs print under their prompt box; they say nothing about the work. */
const hintLine = /(?:\?\s+for shortcuts|esc to cancel$|shift\+tab to cycle|ctrl\+c to exit|press ctrl-c again)/i;
/** Spinner frames CLIs animate at the start of a status line (braille, Claude's stars, dots). */
const spinner = /^[\u2800-\u28FF✻✽✶✳✢∗*·•◐◓◑◒|/\\-]\s+/u;
/** An empty prompt (`❯`, `>`, `›`). */
const emptyPrompt = /^[❯>›$%#]\s*$/u;

/**
 * What an agent is doing now, in one line, read from the bottom of its screen: the last line
 * that carries words (not a frame, an empty prompt or a key hint), with the frame stripped.
 */
export function activityLine(lines: readonly string[]): string {
	for (let index = lines.length - 1; index >= 0; index--) {
		let line = (lines[index] ?? '').trim();
		if (line === '' || frameOnly.test(line)) continue;
		line = line
			.replace(/^[│┃║]\s?/u, '')
			.replace(/\s?[│┃║]$/u, '')
			.trim();
		if (line === '' || frameOnly.test(line) || emptyPrompt.test(line) || hintLine.test(line)) continue;
		// The spinner frame is dropped: the card shows the state, and a line that changes ten times
		// a second for nothing would cost a frame each time.
		return line.replace(spinner, '').replace(/\s+/g, ' ').slice(0, 240);
	}
	return '';
}
