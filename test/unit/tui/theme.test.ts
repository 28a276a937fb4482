import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {listThemes, loadTheme, parseTheme, pickThemeName} from '../../../src/tui/theme/load.js';
import {styleOf} from '../../../src/tui/theme/context.js';
import {themeTokens} from '../../../src/tui/theme/tokens.js';
import {repoRoot} from '../../helpers/tt.js';

const dirs = {builtin: path.join(repoRoot, 'themes')};

describe('themes', () => {
	it('ships dark, light, high-contrast and no-color, each with every token', () => {
		const names = listThemes(dirs);
		expect(names[0]).toBe('dark');
		expect(names).toEqual(expect.arrayContaining(['dark', 'light', 'high-contrast', 'no-color']));
		for (const name of names) {
			const theme = loadTheme(name, dirs);
			for (const token of themeTokens) expect(theme.tokens[token], `${name} ${token}`).toBeDefined();
		}
	});

	it('the no-color theme uses no colour at all', () => {
		const theme = loadTheme('no-color', dirs);
		for (const token of themeTokens) {
			expect(styleOf(theme, token).color).toBeUndefined();
			expect(styleOf(theme, token).backgroundColor).toBeUndefined();
		}
	});

	it('rejects a theme with a missing token or a bad colour, naming it', () => {
		const good = JSON.parse(JSON.stringify({name: 'x', tokens: Object.fromEntries(themeTokens.map((token) => [token, 'green']))}));
		expect(parseTheme(JSON.stringify(good), 'x.json').tokens['status.working']).toEqual({fg: 'green'});
		delete good.tokens['status.working'];
		expect(() => parseTheme(JSON.stringify(good), 'x.json')).toThrow(/status\.working/);
		good.tokens['status.working'] = 'chartreuse';
		expect(() => parseTheme(JSON.stringify(good), 'x.json')).toThrow(/ANSI colour name/);
		expect(() => loadTheme('nope', dirs)).toThrow(/unknown theme "nope"/);
	});

	it('picks --theme, then config, then NO_COLOR, then dark', () => {
		expect(pickThemeName({flag: 'light', workspace: 'dark', env: {NO_COLOR: '1'}})).toBe('light');
		expect(pickThemeName({workspace: 'high-contrast', env: {NO_COLOR: '1'}})).toBe('high-contrast');
		expect(pickThemeName({env: {NO_COLOR: '1'}})).toBe('no-color');
		expect(pickThemeName({env: {NO_COLOR: ''}})).toBe('dark');
		expect(pickThemeName({global: 'light', env: {}})).toBe('light');
	});
});
