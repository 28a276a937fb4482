import {commandCategories, commands, type CommandCategory, type CommandId} from './commands.js';
import {commandKeysLabel} from './match.js';

export type HelpRow = {command: CommandId; keys: string; description: string};

/** The help overlay's content: every command, grouped by category, in declaration order. */
export function helpSections(): Array<{category: CommandCategory; rows: HelpRow[]}> {
	return commandCategories.map((category) => ({
		category,
		rows: (Object.keys(commands) as CommandId[])
			.filter((id) => commands[id].category === category)
			.map((id) => ({command: id, keys: commandKeysLabel(id), description: commands[id].description})),
	}));
}

/** docs/keybindings.md, generated from the table (scripts check it does not drift). */
export function keybindingsMarkdown(): string {
	const lines = ['# tt watch key bindings', '', '<!-- Generated from src/tui/keys/commands.ts by `node bench/watch-keys-doc.mjs` (`--check` fails on drift); do not edit by hand. -->', ''];
	for (const {category, rows} of helpSections()) {
		lines.push(`## ${category}`, '', '| Keys | Command | What it does |', '| --- | --- | --- |');
		for (const row of rows) lines.push(`| ${row.keys.split(' ').map((key) => `\`${key}\``).join(' ')} | \`${row.command}\` | ${row.description} |`);
		lines.push('');
	}
	lines.push('Mouse: a click selects a card, a second click on the selected card opens Focus Mode; the wheel scrolls the focus terminal. `--no-mouse` turns mouse reporting off (so the terminal\'s own selection works).', '');
	lines.push(
		'## Themes',
		'',
		'`t` cycles through the themes in `themes/` (dark, light, high-contrast, no-color) and any `.json` theme in `~/.config/tutti/themes/`. The first theme comes from `--theme <name|file.json>`, else `[watch] theme` in tutti.toml, else the global config, else `no-color` when `NO_COLOR` is set, else `dark`.',
		'',
		'A theme maps every semantic token (`status.working`, `text.secondary`, `ctx.warn`, … — the list is `src/tui/theme/tokens.ts`) to an ANSI colour name, `#rrggbb` or `none`, optionally as `{"fg", "bg", "bold", "dim", "inverse", "underline"}`. A theme with a missing or unknown token is refused at start with the token named.',
		'',
	);
	return lines.join('\n');
}
