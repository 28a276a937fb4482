import {describe, expect, it} from 'vitest';
import {commands, type CommandId} from '../../../src/tui/keys/commands.js';
import {keybindingsMarkdown} from '../../../src/tui/keys/help.js';
import {keyLabel, matches} from '../../../src/tui/keys/match.js';
import {expandPress, parseKey} from '../../../src/tui/keys/parse.js';

describe('parseKey', () => {
	it('decodes control keys, arrows, pages and modifiers', () => {
		expect(parseKey('\r')).toMatchObject({name: 'enter', ctrl: false, meta: false});
		expect(parseKey('\n')).toMatchObject({name: 'j', ctrl: true});
		expect(parseKey('\u001B\r')).toMatchObject({name: 'enter', meta: true});
		expect(parseKey('\u001B[A')).toMatchObject({name: 'up'});
		expect(parseKey('\u001B[1;5B')).toMatchObject({name: 'down', ctrl: true});
		expect(parseKey('\u001B[5~')).toMatchObject({name: 'pageup'});
		expect(parseKey('\u001B[6~')).toMatchObject({name: 'pagedown'});
		expect(parseKey('\u001B[Z')).toMatchObject({name: 'tab', shift: true});
		expect(parseKey('\u001B')).toMatchObject({name: 'escape'});
		expect(parseKey('\u0003')).toMatchObject({name: 'c', ctrl: true});
		expect(parseKey('G')).toMatchObject({name: 'G', text: 'G'});
		expect(parseKey('\u007F')).toMatchObject({name: 'backspace'});
	});

	it('decodes SGR mouse reports (0-based cells)', () => {
		expect(parseKey('\u001B[<0;10;5M').mouse).toEqual({button: 0, x: 9, y: 4, release: false, wheel: undefined});
		expect(parseKey('\u001B[<64;3;3M').mouse?.wheel).toBe('up');
		expect(parseKey('\u001B[<0;1;1m').mouse?.release).toBe(true);
	});

	it('splits fast typing into keys, but keeps a paste whole where text is typed', () => {
		const run = parseKey('jk');
		expect(run.name).toBe('paste');
		expect(expandPress(run, false).map((key) => key.name)).toEqual(['j', 'k']);
		expect(expandPress(parseKey('hello\r'), true).map((key) => key.name)).toEqual(['paste', 'enter']);
		expect(expandPress(parseKey('a\rb'), true)).toEqual([expect.objectContaining({name: 'paste', text: 'a\nb'})]);
		expect(expandPress(parseKey('\u001Ba'), false).map((key) => key.name)).toEqual(['escape', 'a']);
		expect(expandPress(parseKey('\u001B\r'), true).map((key) => [key.name, key.meta])).toEqual([['enter', true]]);
	});
});

describe('command table', () => {
	it('matches commands by their declared keys only', () => {
		expect(matches('app.quit', parseKey('q'))).toBe(true);
		expect(matches('app.quit', parseKey('\u0003'))).toBe(true);
		expect(matches('app.quit', parseKey('Q'))).toBe(false);
		expect(matches('prompt.newline', parseKey('\n'))).toBe(true);
		expect(matches('prompt.newline', parseKey('\u001B\r'))).toBe(true);
		expect(matches('prompt.submit', parseKey('\u001B\r'))).toBe(false);
		expect(matches('nav.last', parseKey('G'))).toBe(true);
		expect(matches('nav.first', parseKey('G'))).toBe(false);
	});

	it('describes every command and labels keys for people', () => {
		for (const id of Object.keys(commands) as CommandId[]) {
			expect(commands[id].description.length).toBeGreaterThan(3);
			expect(commands[id].keys.length).toBeGreaterThan(0);
		}
		expect(keyLabel('ctrl+j')).toBe('Ctrl-J');
		expect(keyLabel('alt+enter')).toBe('Alt-⏎');
		expect(keyLabel('pageup')).toBe('PgUp');
	});

	it('generates docs/keybindings.md from the table (no drift)', async () => {
		const {readFileSync} = await import('node:fs');
		const {repoRoot} = await import('../../helpers/tt.js');
		const path = await import('node:path');
		expect(readFileSync(path.join(repoRoot, 'docs', 'keybindings.md'), 'utf8')).toBe(keybindingsMarkdown());
	});
});
