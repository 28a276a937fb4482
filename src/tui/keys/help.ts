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
	const lines = ['# tt watch key bindings', '', '<!-- Generated from src/tui/keys/commands.ts by bench/watch-keys-doc.mjs; do not edit by hand. -->', ''];
	for (const {category, rows} of helpSections()) {
		lines.push(`## ${category}`, '', '| Keys | Command | What it does |', '| --- | --- | --- |');
		for (const row of rows) lines.push(`| ${row.keys.split(' ').map((key) => `\`${key}\``).join(' ')} | \`${row.command}\` | ${row.description} |`);
		lines.push('');
	}
	lines.push('Mouse: a click selects a card, a second click on the selected card opens Focus Mode; the wheel scrolls the focus terminal. `--no-mouse` turns mouse reporting off (so the terminal\'s own selection works).', '');
	return lines.join('\n');
}
