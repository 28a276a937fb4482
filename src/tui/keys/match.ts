import {commands, type CommandId, type KeySpec} from './commands.js';
import type {KeyPress} from './parse.js';

type ParsedSpec = {name: string; ctrl: boolean; meta: boolean; shift: boolean};

const specCache = new Map<KeySpec, ParsedSpec>();

function parseSpec(spec: KeySpec): ParsedSpec {
	let parsed = specCache.get(spec);
	if (parsed) return parsed;
	// `+` alone is a key, not a separator.
	const parts = spec === '+' ? ['+'] : spec.split('+');
	const name = parts.pop() ?? '';
	parsed = {name, ctrl: parts.includes('ctrl'), meta: parts.includes('alt') || parts.includes('meta'), shift: parts.includes('shift')};
	specCache.set(spec, parsed);
	return parsed;
}

/** Whether a key press is the key `spec` describes. */
export function matchesSpec(spec: KeySpec, key: KeyPress): boolean {
	const want = parseSpec(spec);
	if (want.name !== key.name || want.ctrl !== key.ctrl || want.meta !== key.meta) return false;
	// Printable keys carry their case in the name (`G`); shift only matters for named keys.
	return want.name.length === 1 ? true : want.shift === key.shift;
}

/** Whether a key press triggers a command. */
export function matches(command: CommandId, key: KeyPress): boolean {
	return commands[command].keys.some((spec) => matchesSpec(spec, key));
}

const labels: Record<string, string> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	enter: '⏎',
	escape: 'Esc',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	tab: 'Tab',
	backspace: '⌫',
	' ': 'Space',
};

/** How a key is written for people: `Ctrl-c`, `⏎`, `Alt-⏎`, `PgUp`. */
export function keyLabel(spec: KeySpec): string {
	const {name, ctrl, meta, shift} = parseSpec(spec);
	const base = labels[name] ?? (ctrl && name.length === 1 ? name.toUpperCase() : name);
	return `${ctrl ? 'Ctrl-' : ''}${meta ? 'Alt-' : ''}${shift ? 'Shift-' : ''}${base}`;
}

/** All keys of a command, for the help overlay (`↑ k`). */
export function commandKeysLabel(command: CommandId, limit = 3): string {
	return commands[command].keys.slice(0, limit).map(keyLabel).join(' ');
}
