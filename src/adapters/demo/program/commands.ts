/**
 * The demo agent's prompt language: a case-insensitive keyword followed by literal text, one
 * command per prompt — or file and git commands chained with ` && ` (`append notes.md hi && commit
 * notes`), done in one turn, each only when the previous one succeeded. Parsing is pure; nothing
 * here is ever handed to a shell.
 */

export const failureKinds = ['auth', 'ratelimit', 'provider'] as const;
export type FailureKind = (typeof failureKinds)[number];

export type Command =
	| {kind: 'write'; path: string; text: string}
	| {kind: 'append'; path: string; text: string}
	| {kind: 'commit'; message: string}
	/** `git merge --no-edit <ref>`: conflicts are left for the next commands to resolve and `commit`. */
	| {kind: 'merge'; ref: string}
	| {kind: 'sleep'; seconds: number}
	/** `retryAfterS`: when a rate limit says it resets (`fail ratelimit 5` → "retry after 5s"). */
	| {kind: 'fail'; failure: FailureKind; retryAfterS?: number}
	| {kind: 'ask'; question: string}
	| {kind: 'exit'; code: number}
	| {kind: 'echo'; text: string}
	/** A command the agent refuses or cannot parse; answered as `Error: <message>`. */
	| {kind: 'invalid'; message: string}
	/** Anything else: work, then a short summary. */
	| {kind: 'chat'; prompt: string}
	/** Commands chained with ` && `: done in order within one turn, stopping at the first failure. */
	| {kind: 'chain'; steps: ChainedCommand[]};

/** What can be chained: the commands that act on the working directory (and `sleep`). */
export type ChainedCommand = Extract<Command, {kind: 'write' | 'append' | 'commit' | 'merge' | 'sleep' | 'invalid'}>;
const chainable = ['write', 'append', 'commit', 'merge', 'sleep'];
/**
 * ` && ` splits a prompt only when a chainable keyword follows it, so text such as
 * `write run.sh npm test && npm run build` stays one command.
 */
const chainSeparator = new RegExp(String.raw`[ \t]+&&[ \t]+(?=(?:${chainable.join('|')})(?:[ \t]|$))`, 'i');

/** Longest `sleep` the agent accepts, in seconds. */
export const maxSleepSeconds = 3600;

const failureAliases: Readonly<Record<string, FailureKind>> = {
	auth: 'auth',
	ratelimit: 'ratelimit',
	'rate-limit': 'ratelimit',
	rate_limit: 'ratelimit',
	provider: 'provider',
	overloaded: 'provider',
};

/**
 * Checks a path given to `write`/`append`: relative, no `..` component, no NUL. Returns the
 * refusal message, or undefined when the path is acceptable.
 */
export function checkRelativePath(target: string): string | undefined {
	if (target === '') return 'a path is required';
	if (target.includes('\0')) return `refusing to write outside the working directory: ${target}`;
	if (target.startsWith('/') || target.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(target)) {
		return `refusing to write outside the working directory: ${target}`;
	}
	const parts = target.split(/[\\/]+/);
	if (parts.includes('..')) return `refusing to write outside the working directory: ${target}`;
	if (parts.every((part) => part === '' || part === '.')) return `not a file path: ${target}`;
	if (target.endsWith('/') || target.endsWith('\\')) return `not a file path: ${target}`;
	return undefined;
}

/** Splits `<keyword> <rest…>`: the keyword ends at the first whitespace; spaces and tabs after it are skipped. */
function splitKeyword(prompt: string): {keyword: string; rest: string} {
	const match = /^(\S+)[ \t]*([\s\S]*)$/.exec(prompt.replace(/^\s+/, ''));
	if (!match) return {keyword: '', rest: ''};
	return {keyword: (match[1] ?? '').toLowerCase(), rest: match[2] ?? ''};
}

function parseFileCommand(kind: 'write' | 'append', rest: string): Command {
	const match = /^(\S+)[ \t]?([\s\S]*)$/.exec(rest.replace(/^\s+/, ''));
	if (!match) return {kind: 'invalid', message: `${kind} needs a path and some text: ${kind} <path> <text…>`};
	const target = match[1] ?? '';
	const refusal = checkRelativePath(target);
	if (refusal) return {kind: 'invalid', message: refusal};
	// Extra spaces between the path and the text are separators, not content.
	return {kind, path: target, text: (match[2] ?? '').replace(/^[ \t]+/, '')};
}

function parseSleep(rest: string): Command {
	const value = rest.trim();
	if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value)) return {kind: 'invalid', message: `sleep needs a number of seconds: ${value || '(none)'}`};
	return {kind: 'sleep', seconds: Math.min(Number(value), maxSleepSeconds)};
}

function parseExit(rest: string): Command {
	const value = rest.trim();
	if (value === '') return {kind: 'exit', code: 0};
	if (!/^\d{1,3}$/.test(value) || Number(value) > 255) return {kind: 'invalid', message: `exit code must be 0–255: ${value}`};
	return {kind: 'exit', code: Number(value)};
}

/** Parses one submitted prompt into a command (a chain when it chains file and git commands). */
export function parsePrompt(prompt: string): Command {
	const parts = chainable.includes(splitKeyword(prompt).keyword) ? prompt.split(chainSeparator) : [prompt];
	if (parts.length === 1) return parseSingle(prompt);
	return {kind: 'chain', steps: parts.map((part) => parseSingle(part) as ChainedCommand)};
}

function parseSingle(prompt: string): Command {
	const {keyword, rest} = splitKeyword(prompt);
	switch (keyword) {
		case 'write':
		case 'append':
			return parseFileCommand(keyword, rest);
		case 'commit': {
			const message = rest.trim();
			return message === '' ? {kind: 'invalid', message: 'commit needs a message: commit <message…>'} : {kind: 'commit', message};
		}
		case 'merge': {
			const ref = rest.trim();
			// A ref, never an option or a second argument: nothing here reaches a shell, but git takes flags.
			return /^[A-Za-z0-9._/][A-Za-z0-9._/-]*$/.test(ref) ? {kind: 'merge', ref} : {kind: 'invalid', message: 'merge needs one branch name: merge <branch>'};
		}
		case 'sleep':
			return parseSleep(rest);
		case 'fail': {
			const [word = '', seconds, ...extra] = rest.trim().toLowerCase().split(/\s+/);
			const failure = failureAliases[word];
			if (!failure) return {kind: 'invalid', message: `unknown failure "${word}" (try: fail auth, fail ratelimit [seconds], fail provider)`};
			if (seconds === undefined) return {kind: 'fail', failure};
			if (failure !== 'ratelimit' || !/^\d{1,6}$/.test(seconds) || extra.length > 0) return {kind: 'invalid', message: `only a rate limit takes a time: fail ratelimit <seconds>`};
			return {kind: 'fail', failure, retryAfterS: Number(seconds)};
		}
		case 'ask': {
			const question = rest.trim();
			return {kind: 'ask', question: question === '' ? 'Proceed with the change?' : question};
		}
		case 'exit':
			return parseExit(rest);
		case '/exit':
		case '/quit':
			return {kind: 'exit', code: 0};
		case 'echo':
			return {kind: 'echo', text: rest};
		default:
			return {kind: 'chat', prompt};
	}
}

/** The first `count` words of a prompt, on one line. */
export function firstWords(prompt: string, count = 6): string {
	return prompt.trim().split(/\s+/).slice(0, count).join(' ');
}
