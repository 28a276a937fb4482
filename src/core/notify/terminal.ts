import {inertValue} from '../prompt-text.js';
/**
 * A notification a terminal shows by itself: the bell, OSC 9 (iTerm2, Windows Terminal, WezTerm,
 * kitty, foot, Ghostty) and OSC 777 `notify` (rxvt-unicode, VTE terminals such as GNOME Terminal
 * and Tilix, Ghostty). Inside tmux the OSC sequences are wrapped in tmux's DCS passthrough so they
 * reach the outer terminal (tmux needs `allow-passthrough on`; the bell gets through either way
 * and tmux marks the window). Pure: the process that owns the terminal writes the result.
 */

const ESC = '\u001B';
const BEL = '\u0007';

/** Text safe inside an OSC string: no control characters (an ESC or BEL would end it early), one line. */
function plain(text: string, max = 200): string {
	return inertValue(text).trim().slice(0, max);
}

/** tmux's passthrough: `ESC P tmux; <sequence with each ESC doubled> ESC \`. */
function passthrough(sequence: string): string {
	return `${ESC}Ptmux;${sequence.replaceAll(ESC, ESC + ESC)}${ESC}\\`;
}

/** The bytes to write for a notification titled `title` saying `body`. */
export function terminalNotification(title: string, body: string, options: {insideTmux: boolean}): string {
	const osc9 = `${ESC}]9;${plain(`${title}: ${body}`)}${BEL}`;
	// OSC 777's fields are separated by `;`: the title must hold none.
	const osc777 = `${ESC}]777;notify;${plain(title, 80).replaceAll(';', ',')};${plain(body)}${BEL}`;
	const wrap = options.insideTmux ? passthrough : (sequence: string) => sequence;
	return BEL + wrap(osc9) + wrap(osc777);
}
