/**
 * Text that a POSIX shell will read back as exactly one word. tutti builds no command line from
 * input for its own processes (argv arrays only); these are for the few strings another program
 * hands to `sh` — tmux's `pipe-pane`, Claude Code's hook commands, the policy shims — and for
 * commands shown to people.
 */

/** Always single-quoted: safe wherever a word goes. */
export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", String.raw`'\''`)}'`;
}

/** Quoted only when it has to be (for commands people read and copy: `cd /my/app`, not `cd '/my/app'`). */
export function shellWord(value: string): string {
	return /^[\w@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}
