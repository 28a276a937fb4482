import {TuttiError} from '../errors.js';
import {shellQuote} from '../shell-quote.js';

/**
 * ssh sends one string, which the host's login shell splits into words: argv does not survive
 * ssh on its own (`ssh h -- echo 'a b'` runs `echo a b`). Every word of a remote command is
 * therefore quoted here, once, for a POSIX shell (sh, dash, bash, zsh, ksh — the login shell of
 * the host's user must be one of them).
 */

/** Words a POSIX shell (zsh included: no leading `=` or `~`) reads back unchanged without quotes. */
const plainWord = /^[A-Za-z0-9_./:@,+-]+$/;

/** One word, quoted for the remote shell so it reads back exactly as given. */
export function remoteWord(value: string): string {
	if (value.includes('\0')) {
		throw new TuttiError('ERR_USAGE', 'a NUL character cannot be passed to a command on a remote host', {hint: 'Remove the NUL character from the text and try again.'});
	}
	// Inside single quotes nothing is special (newlines, `$()`, backticks, `\`, control characters).
	return plainWord.test(value) ? value : shellQuote(value);
}

/** The command line ssh hands the host's shell for `argv`, run with `env` changes and in `cwd`. */
export function remoteCommandLine(argv: readonly string[], options: {env?: Readonly<Record<string, string | undefined>>; cwd?: string} = {}): string {
	if (argv.length === 0) throw new TuttiError('ERR_INTERNAL', 'no command to run on the remote host');
	const words: string[] = [];
	const env = Object.entries(options.env ?? {});
	if (env.length > 0) {
		// `env` (not shell assignments) so names are data too, and unset ones are removed with -u.
		words.push('env');
		for (const [name, value] of env) {
			if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TuttiError('ERR_USAGE', `"${name}" is not a variable name a remote host can receive`, {hint: 'Use letters, digits and _ in environment variable names.'});
			if (value === undefined) words.push('-u', name);
		}
		for (const [name, value] of env) if (value !== undefined) words.push(remoteWord(`${name}=${value}`));
	}
	words.push(...argv.map((word) => remoteWord(word)));
	const command = words.join(' ');
	return options.cwd === undefined ? command : `cd ${remoteWord(options.cwd)} && ${command}`;
}
