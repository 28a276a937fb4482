import {existsSync} from 'node:fs';
import {ProcessError, type ErrorCode} from '../errors.js';
import type {RunResult} from '../process/runner.js';

/** Maps a failed git call to a ProcessError whose code and hint say what to do next. */
export function gitError(result: RunResult, args: readonly string[], cwd: string, hint: string | undefined): ProcessError {
	const {stderr} = result;
	let code: ErrorCode = 'ERR_GIT';
	let advice = hint ?? `run \`git status\` in ${cwd} to see the repository's state`;
	if (/not a git repository/i.test(stderr)) {
		code = 'ERR_NOT_A_REPO';
		advice = 'run `git init` and make a first commit, or run tt in a git project';
	} else if (/tell me who you are|unable to auto-detect email/i.test(stderr)) {
		advice = 'set a git identity: git config user.name "Your Name" && git config user.email you@example.com';
	} else if (/index\.lock/.test(stderr)) {
		advice = 'another git process is running in this repository; wait for it, or remove a stale .git/index.lock';
	} else if (result.exitCode === -1 && /ENOENT/.test(stderr)) {
		// Node reports a missing working directory and a missing binary with the same ENOENT.
		advice = existsSync(cwd) ? 'install git and make sure it is on PATH' : `the directory ${cwd} does not exist`;
	}
	// The -c prefix is the same on every call and would only crowd the message.
	return new ProcessError({...result, args}, code, advice);
}
