import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {TuttiError} from '../../core/errors.js';
import {ThemeFileSchema, type Theme, type ThemeToken, type TokenStyle} from './tokens.js';

/** The theme used when nothing else is asked for. */
export const defaultThemeName = 'dark';
/** The theme `NO_COLOR` selects. */
export const noColorThemeName = 'no-color';

/**
 * The folder holding the built-in themes: `themes/` at the package root, found by walking up from
 * this module (it sits at `dist/` when bundled and at `src/tui/theme/` in the sources).
 */
export function builtinThemesDir(from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
	let dir = from;
	for (let depth = 0; depth < 6; depth++) {
		const candidate = path.join(dir, 'themes');
		if (existsSync(path.join(candidate, `${defaultThemeName}.json`))) return candidate;
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	return undefined;
}

export type ThemeDirs = {builtin: string | undefined; user?: string | undefined};

/** Theme names available: built-in ones first, then the user's (`~/.config/tutti/themes`). */
export function listThemes(dirs: ThemeDirs = {builtin: builtinThemesDir()}): string[] {
	const names: string[] = [];
	for (const dir of [dirs.builtin, dirs.user]) {
		if (!dir || !existsSync(dir)) continue;
		for (const file of readdirSync(dir).sort()) {
			const name = file.replace(/\.json$/, '');
			if (file.endsWith('.json') && !names.includes(name)) names.push(name);
		}
	}
	// dark first: it is what people start from.
	return names.sort((a, b) => Number(b === defaultThemeName) - Number(a === defaultThemeName));
}

/** Parses and validates one theme file's text; a bad file is a config error that names the token. */
export function parseTheme(text: string, file: string): Theme {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new TuttiError('ERR_CONFIG_SYNTAX', `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {hint: 'Fix the theme file or pick another theme with --theme.'});
	}
	const result = ThemeFileSchema.safeParse(json);
	if (!result.success) {
		const issues = result.error.issues.slice(0, 5).map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
		throw new TuttiError('ERR_CONFIG_INVALID', `${file}: invalid theme\n${issues.join('\n')}`, {hint: 'Every token of themes/dark.json must be present; see docs/keybindings.md#themes.'});
	}
	const {name, description, color, tokens} = result.data;
	return {name, description: description ?? '', color, tokens: tokens as Record<ThemeToken, TokenStyle>};
}

/** Loads a theme by name (from the user's then the built-in folder) or by path to a `.json` file. */
export function loadTheme(nameOrPath: string, dirs: ThemeDirs = {builtin: builtinThemesDir()}): Theme {
	const candidates = nameOrPath.endsWith('.json') || nameOrPath.includes('/') ? [path.resolve(nameOrPath)] : [dirs.user, dirs.builtin].filter((dir): dir is string => Boolean(dir)).map((dir) => path.join(dir, `${nameOrPath}.json`));
	const file = candidates.find((candidate) => existsSync(candidate));
	if (!file) {
		const known = listThemes(dirs);
		throw new TuttiError('ERR_CONFIG_INVALID', `unknown theme "${nameOrPath}"`, {hint: known.length > 0 ? `Pick one of: ${known.join(', ')} (or a path to a .json theme file).` : 'The themes/ folder of tutti is missing; reinstall tutti.'});
	}
	return parseTheme(readFileSync(file, 'utf8'), file);
}

/**
 * Which theme to use: `--theme` wins, then `[watch] theme` of tutti.toml, then of the global
 * config (user choices beat the NO_COLOR default, as no-color.org asks), then `no-color` when
 * `NO_COLOR` is set, then the default.
 */
export function pickThemeName(options: {flag?: string | undefined; workspace?: string | undefined; global?: string | undefined; env?: NodeJS.ProcessEnv}): string {
	const env = options.env ?? process.env;
	if (options.flag) return options.flag;
	if (options.workspace) return options.workspace;
	if (options.global) return options.global;
	if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return noColorThemeName;
	return defaultThemeName;
}
