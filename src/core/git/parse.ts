/**
 * Parsers for git's machine-readable output. Wherever git offers `-z` we use it, because NUL
 * separation is the only format that survives file names with quotes, spaces or newlines.
 */

/** One line of `git status --porcelain`: `code` is the raw two-letter `XY` (index, worktree). */
export type StatusEntry = {
	code: string;
	path: string;
	/** Original path of a rename or copy. */
	from?: string;
};

/** A commit as listed by `git log`. */
export type CommitInfo = {
	hash: string;
	short: string;
	subject: string;
};

/** Lines changed in one file; binary files count 0 and set `binary`. */
export type FileStat = {
	path: string;
	insertions: number;
	deletions: number;
	binary?: boolean;
};

/** One entry of `git worktree list --porcelain`. */
export type WorktreeEntry = {
	path: string;
	head: string | undefined;
	/** Short branch name; undefined when detached or bare. */
	branch: string | undefined;
	bare: boolean;
	detached: boolean;
	locked: boolean;
	/** Set when git reports the worktree's directory missing (`git worktree prune` would drop it). */
	prunable: boolean;
};

/** One line of `git cherry`: `-` means an equivalent patch is already upstream. */
export type CherryEntry = {
	sign: '+' | '-';
	hash: string;
};

/** Parses `git status --porcelain=v1 -z`. */
export function parseStatusZ(output: string): StatusEntry[] {
	const tokens = output.split('\0');
	const entries: StatusEntry[] = [];
	for (let index = 0; index < tokens.length; index++) {
		const token = tokens[index] ?? '';
		if (token.length < 4) continue;
		const code = token.slice(0, 2);
		const entry: StatusEntry = {code, path: token.slice(3)};
		// Renames and copies carry the original path as the next NUL-separated token.
		if (code.includes('R') || code.includes('C')) {
			entry.from = tokens[index + 1] ?? '';
			index++;
		}
		entries.push(entry);
	}
	return entries;
}

/** Parses `git diff --numstat -z`. */
export function parseNumstatZ(output: string): FileStat[] {
	const tokens = output.split('\0');
	const files: FileStat[] = [];
	for (let index = 0; index < tokens.length; index++) {
		const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(tokens[index] ?? '');
		if (!match) continue;
		let file = match[3] ?? '';
		if (file === '') {
			// A rename: the old and new paths follow as two more tokens; report the new one.
			file = tokens[index + 2] ?? '';
			index += 2;
		}
		const binary = match[1] === '-';
		files.push({
			path: file,
			insertions: binary ? 0 : Number(match[1]),
			deletions: binary ? 0 : Number(match[2]),
			...(binary ? {binary: true} : {}),
		});
	}
	return files;
}

/** Parses `git log --format=%H%x00%h%x00%s`, one commit per line. */
export function parseLog(output: string): CommitInfo[] {
	return output
		.split('\n')
		.filter((line) => line.includes('\0'))
		.map((line) => {
			const [hash = '', short = '', subject = ''] = line.split('\0');
			return {hash, short, subject};
		});
}

/** Parses `git cherry <upstream> <head>`. */
export function parseCherry(output: string): CherryEntry[] {
	const entries: CherryEntry[] = [];
	for (const line of output.split('\n')) {
		const match = /^([+-]) ([0-9a-f]+)/.exec(line);
		if (match) entries.push({sign: match[1] as '+' | '-', hash: match[2] ?? ''});
	}
	return entries;
}

/** Parses `git worktree list --porcelain` (blank-line separated records). */
export function parseWorktreeList(output: string): WorktreeEntry[] {
	const entries: WorktreeEntry[] = [];
	for (const block of output.split(/\n\n+/)) {
		const lines = block.split('\n').filter(Boolean);
		const first = lines[0];
		if (!first?.startsWith('worktree ')) continue;
		const entry: WorktreeEntry = {
			path: unquoteC(first.slice('worktree '.length)),
			head: undefined,
			branch: undefined,
			bare: false,
			detached: false,
			locked: false,
			prunable: false,
		};
		for (const line of lines.slice(1)) {
			const [key, ...rest] = line.split(' ');
			const value = rest.join(' ');
			if (key === 'HEAD') entry.head = value;
			else if (key === 'branch') entry.branch = value.replace(/^refs\/heads\//, '');
			else if (key === 'bare') entry.bare = true;
			else if (key === 'detached') entry.detached = true;
			else if (key === 'locked') entry.locked = true;
			else if (key === 'prunable') entry.prunable = true;
		}
		entries.push(entry);
	}
	return entries;
}

const cEscapes: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\'};

/**
 * Undoes git's C-style quoting (`"a\"b\303\251"`). Without `-z`, git quotes paths holding quotes,
 * backslashes or control characters even when `core.quotepath=false`.
 */
export function unquoteC(text: string): string {
	if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return text;
	const bytes: number[] = [];
	const body = text.slice(1, -1);
	for (let index = 0; index < body.length; index++) {
		const char = body[index] ?? '';
		if (char !== '\\') {
			bytes.push(...Buffer.from(char, 'utf8'));
			continue;
		}
		const next = body[index + 1] ?? '';
		const octal = /^[0-7]{3}/.exec(body.slice(index + 1, index + 4));
		if (octal) {
			bytes.push(Number.parseInt(octal[0], 8));
			index += 3;
		} else {
			bytes.push(...Buffer.from(cEscapes[next] ?? next, 'utf8'));
			index += 1;
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/** Formats entries the way `git status --short` shows them, capped at `limit` with an ellipsis. */
export function describeStatus(entries: readonly StatusEntry[], limit = 5): string {
	const shown = entries.slice(0, limit).map((entry) => `${entry.code.trim()} ${entry.path}`);
	if (entries.length > limit) shown.push('…');
	return shown.join(', ');
}

/** Formats commits as `abc1234 subject`, capped at `limit` with an ellipsis. */
export function describeCommits(commits: readonly CommitInfo[], limit = 5): string {
	const shown = commits.slice(0, limit).map((commit) => `${commit.short} ${commit.subject}`);
	if (commits.length > limit) shown.push('…');
	return shown.join(', ');
}

/** `1 file` / `3 files`. */
export function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The size of a diff as `tt diff` and the focus view show it: `1 file, +3 −0`. */
export function describeDiffSize(diff: {files: readonly unknown[]; insertions: number; deletions: number}): string {
	return `${plural(diff.files.length, 'file')}, +${diff.insertions} −${diff.deletions}`;
}
