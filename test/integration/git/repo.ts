import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {makeGitRepo, makeTempDir} from '../../helpers/sandbox.js';

/** A project in a temp dir whose path has spaces (and a quote), with one commit on `main`. */
export type TestProject = {
	root: string;
	/** Runs git in `cwd` (default: the root) and returns trimmed stdout. */
	git: (args: string[], cwd?: string) => string;
	write: (file: string, content: string, cwd?: string) => void;
	/** Writes, stages and commits `files` in `cwd` (default root); returns the new hash. */
	commit: (message: string, files: Record<string, string>, cwd?: string) => string;
	cleanup: () => void;
};

export function makeProject(files: Record<string, string> = {'README.md': '# test\n', 'src/a.ts': 'export const a = 1;\n'}): TestProject {
	const temp = makeTempDir('tutti git ');
	const root = path.join(temp.dir, "my project's root");
	makeGitRepo(root, files);
	const git = (args: string[], cwd = root) =>
		execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, LC_ALL: 'C'}}).trim();
	const write = (file: string, content: string, cwd = root) => {
		mkdirSync(path.dirname(path.join(cwd, file)), {recursive: true});
		writeFileSync(path.join(cwd, file), content);
	};
	const commit = (message: string, changes: Record<string, string>, cwd = root) => {
		for (const [file, content] of Object.entries(changes)) write(file, content, cwd);
		git(['add', '-A'], cwd);
		git(['commit', '-q', '-m', message], cwd);
		return git(['rev-parse', 'HEAD'], cwd);
	};
	return {root, git, write, commit, cleanup: temp.cleanup};
}
