/**
 * What a screen says in words, read the same way wherever it is shown: what an agent is doing now
 * (its activity line) and what a dialog waiting for a person asks (its question).
 */
/** Lines that are only box drawing or rules. */
const frameOnly = /^[\s─━│┃║╭╮╰╯┌┐└┘├┤┬┴┼═╔╗╚╝▔▁_=-]*$/u;
/** Key hints CLIs print under their prompt box; they say nothing about the work. */
const hintLine = /(?:\?\s+for shortcuts|esc to cancel$|shift\+tab to cycle|ctrl\+c to exit|press ctrl-c again)/i;
/** Spinner frames CLIs animate at the start of a status line (braille, Claude's stars, dots). */
const spinner = /^[\u2800-\u28FF✻✽✶✳✢∗*·•◐◓◑◒|/\\-]\s+/u;
/** An empty prompt (`❯`, `>`, `›`). */
const emptyPrompt = /^[❯>›$%#]\s*$/u;

/** A screen line without the box sides around it (`│ text │`, nested boxes too). */
function unframed(raw: string): string {
	let line = raw.trim();
	for (let depth = 0; depth < 3 && /^[│┃║]|[│┃║]$/u.test(line); depth++) {
		line = line
			.replace(/^[│┃║]\s?/u, '')
			.replace(/\s?[│┃║]$/u, '')
			.trim();
	}
	return line;
}

/**
 * What an agent is doing now, in one line, read from the bottom of its screen: the last line
 * that carries words (not a frame, an empty prompt or a key hint), with the frame stripped.
 */
export function activityLine(lines: readonly string[]): string {
	for (let index = lines.length - 1; index >= 0; index--) {
		const line = unframed(lines[index] ?? '');
		if (line === '' || frameOnly.test(line) || emptyPrompt.test(line) || hintLine.test(line)) continue;
		// The spinner frame is dropped: the card shows the state, and a line that changes ten times
		// a second for nothing would cost a frame each time.
		return line.replace(spinner, '').replace(/\s+/g, ' ').slice(0, 240);
	}
	return '';
}

/** The first option of a choice list: `❯ 1. Yes`, `› 1. Yes, proceed (y)`, `● 1. Allow once`. */
const firstOption = /^(?:[❯›>●]\s*)?1\.\s+\S/u;
/** A question, up to its question mark (`Is this a project you trust? (Like your` keeps the question). */
const question = /^(.*?\S\?)(?:\s|$)/u;
/** Stock confirmations that name nothing: a question above them in the same dialog says more. */
const stockQuestion = /^Do you want to proceed\?$/iu;
/** How far above its options a dialog's question may sit (a trust dialog has a paragraph). */
const questionReach = 14;

/**
 * The question a dialog asks, for an agent waiting for input: the question closest above the
 * dialog's first option (past a bare "Do you want to proceed?" to the question it confirms, as
 * in `ask Ship it?`), never crossing the dialog's frame. The bottom line of a dialog is an
 * option (`2. No`), which says nothing about what is asked. Undefined when no numbered choice
 * is on screen (the activity line is used then).
 */
export function dialogQuestion(lines: readonly string[]): string | undefined {
	// From the last row with text: a screen taller than its content has blank rows below the dialog.
	let end = lines.length;
	while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
	let option = -1;
	for (let index = end - 1; index >= Math.max(0, end - 24) && option < 0; index--) {
		if (firstOption.test(unframed(lines[index] ?? ''))) option = index;
	}
	if (option < 0) return undefined;
	let found: string | undefined;
	for (let index = option - 1; index >= Math.max(0, option - questionReach); index--) {
		const line = unframed(lines[index] ?? '');
		if (line !== '' && frameOnly.test(line)) break;
		const match = question.exec(line);
		if (!match?.[1]) continue;
		const text = match[1].replace(/\s+/g, ' ');
		// Only a stock question is worth looking past; the question above it is what it confirms.
		if (found !== undefined || !stockQuestion.test(text)) return text;
		found = text;
	}
	return found;
}
