/**
 * What may reach an agent's terminal as prompt text. A prompt must stay exactly one prompt: typed
 * through a paste buffer, any control character would still act on the CLI at the other end — a
 * `\r` submits early (a second prompt follows), `ESC[201~` ends a bracketed paste early (the rest
 * is typed as keys), `^C`/`^D` stop the agent, other escapes move the cursor or rewrite the input.
 *
 * Kept: `\n` (a multi-line prompt, sent as one bracketed paste) and `\t`. Line ends `\r\n` and a
 * lone `\r` become `\n`. Removed: every other C0 control, DEL, and the C1 controls (U+0080–U+009F,
 * which 8-bit terminals read as ESC sequences). Printable text, including any Unicode, is untouched.
 */
export function neutralizePrompt(text: string): {text: string; removed: number} {
	let removed = 0;
	const lines = text.replace(/\r\n?/g, '\n');
	const clean = lines.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, () => {
		removed++;
		return '';
	});
	return {text: clean, removed};
}

/**
 * A value from outside (a webhook payload field) placed into a prompt template: inert, one line.
 * Line breaks and tabs become spaces too, so a sender cannot shape the prompt's lines (fake
 * headings, a second instruction block); the template's own text keeps its layout.
 */
export function inertValue(value: string): string {
	return value.replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ');
}
