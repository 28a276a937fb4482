import type {AgentAdapter, InputBox} from '../agents/adapter.js';
import {neutralizePrompt} from '../prompt-text.js';
import type {Message} from '../store/mailbox.js';

/**
 * What starts every message as its recipient reads it: its id (to answer it by), the true sender,
 * and that tutti carried it. The id also makes each delivery's first characters its own, which
 * is what the delivery path looks for on screen to confirm the paste (submit-check.ts): with one
 * fixed label, every earlier message's echo would look like the new paste.
 */
export const labelOf = (message: Pick<Message, 'id' | 'sender'>): string => `[message ${message.id} from ${message.sender} via tutti]`;

/**
 * The prompt that delivers `messages` (one recipient's, oldest first): each on its own line,
 * labelled with its sender. A body cannot pass for another message: a label inside it is shown
 * as a quote (`(message …`), so only tutti's own labels open a line with `[message`.
 */
export function deliveryText(messages: readonly Pick<Message, 'id' | 'sender' | 'body'>[]): string {
	return messages.map((message) => `${labelOf(message)} ${neutralizePrompt(message.body).text.replace(/\[(message\b)/gi, '($1').replace(/\n+$/, '')}`).join('\n');
}

/**
 * What the agent's input box holds, read with its adapter's `inputBox` declaration: '' when it
 * is empty (or shows its placeholder); null when the CLI has a box but it is not on the screen
 * (something covers it: tutti cannot see what is typed); undefined when the CLI declares none.
 */
export function inputDraft(adapter: Pick<AgentAdapter, 'inputBox'>, lines: readonly string[]): string | null | undefined {
	const box = adapter.inputBox;
	if (!box) return undefined;
	const rows = boxRows(box, lines);
	if (rows === undefined) return null;
	const pattern = new RegExp(box.pattern, box.flags ?? '');
	const empty = box.empty === undefined ? undefined : new RegExp(box.empty, box.flags ?? '');
	return rows
		.map((row) => pattern.exec(row)?.[1]?.trim() ?? '')
		.filter((text) => text !== '' && !empty?.test(text))
		.join(' ');
}

/** The rows the box can be on: the last `rows` non-empty ones, inside its borders when it has them (undefined: no box there). */
function boxRows(box: InputBox, lines: readonly string[]): string[] | undefined {
	const rows = lines.filter((line) => line.trim() !== '').slice(-box.rows);
	if (box.border === undefined) {
		// Without edges, only a row of the box itself shows the box is there.
		const pattern = new RegExp(box.pattern, box.flags ?? '');
		const boxRowsSeen = rows.filter((row) => pattern.test(row));
		if (boxRowsSeen.length === 0) return undefined;
		return box.lowest ? boxRowsSeen.slice(-1) : rows;
	}
	const border = new RegExp(box.border, box.flags ?? '');
	const bottom = rows.findLastIndex((row) => border.test(row));
	const top = bottom < 0 ? -1 : rows.slice(0, bottom).findLastIndex((row) => border.test(row));
	return top < 0 ? undefined : rows.slice(top + 1, bottom);
}

const squash = (value: string): string => value.replace(/\s+/g, '');

/**
 * Whether a draft in the input box is this delivery's own text (typed by a tutti process that
 * died before Enter, or left unsubmitted): that text tutti may clear and type again; anything
 * else is a person's and is never touched.
 */
export function isOwnText(draft: string, text: string): boolean {
	const typed = squash(draft);
	return typed !== '' && squash(text).startsWith(typed.slice(0, 200));
}
