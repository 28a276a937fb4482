import {execFile, execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, repoRoot, ttBin, type TtResult} from '../../helpers/tt.js';

let built: string | undefined;

/**
 * The `tt` that has `run`: dist/tt.js once app.ts registers the command, else a bundle of
 * fixtures/run-entry.ts placed next to a link to dist/demo-agent.js (where the demo adapter
 * looks for the demo program).
 */
export async function runBinary(): Promise<string> {
	if (built) return built;
	if (readFileSync(path.join(repoRoot, 'src', 'cli', 'app.ts'), 'utf8').includes('./commands/run.js')) return (built = ttBin);
	const esbuild = await import('esbuild');
	// Inside the repository, so the bundle resolves its external packages from node_modules.
	const dir = path.join(repoRoot, 'node_modules', '.cache', 'tutti-run-entry');
	mkdirSync(dir, {recursive: true});
	const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string}).version;
	const output = await esbuild.build({
		entryPoints: [path.join(repoRoot, 'test', 'integration', 'workflow', 'fixtures', 'run-entry.ts')],
		outfile: path.join(dir, 'tt.js'),
		write: false,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		external: ['better-sqlite3'],
		logLevel: 'warning',
		banner: {js: "import {createRequire as __tuttiCreateRequire} from 'node:module'; const require = __tuttiCreateRequire(import.meta.url);"},
		define: {__TUTTI_VERSION__: JSON.stringify(version)},
	});
	const code = output.outputFiles[0]!.contents;
	// Content-addressed: test workers share one file per version of the sources.
	const file = path.join(dir, `tt-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
	if (!existsSync(file)) {
		const temporary = `${file}.${process.pid}.tmp`;
		writeFileSync(temporary, code);
		renameSync(temporary, file);
	}
	try {
		symlinkSync(path.join(repoRoot, 'dist', 'demo-agent.js'), path.join(dir, 'demo-agent.js'));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	return (built = file);
}

export type WorkflowWorld = ReturnType<typeof makeWorld> & {
	repo: string;
	git: (...args: string[]) => string;
	/** `tt run|verify|runs …` as a separate process. */
	run: (args: string[], options?: {env?: NodeJS.ProcessEnv}) => Promise<TtResult>;
	/** The same, returning the child (to kill it). */
	spawnRun: (args: string[], options?: {env?: NodeJS.ProcessEnv}) => Promise<{child: ChildProcess; done: Promise<TtResult & {signal: NodeJS.Signals | null}>}>;
};

/** An isolated world with a git project holding `toml` (committed) and `files`. */
export function workflowWorld(label: string, toml: string, files: Record<string, string> = {'README.md': '# test\n'}): WorkflowWorld {
	const world = makeWorld(label);
	const repo = makeGitRepo(path.join(world.dir, 'project'), {...files, 'tutti.toml': toml});
	const git = (...args: string[]) => execFileSync('git', args, {cwd: repo, encoding: 'utf8'});
	const spawnRun: WorkflowWorld['spawnRun'] = async (args, options = {}) => {
		const bin = await runBinary();
		const child = spawn(process.execPath, [bin, ...args], {cwd: repo, env: {...world.env, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
		world.track(child);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const done = new Promise<TtResult & {signal: NodeJS.Signals | null}>((resolve) => child.on('close', (code, signal) => resolve({code: code ?? -1, signal, stdout, stderr})));
		return {child, done};
	};
	const run: WorkflowWorld['run'] = async (args, options = {}) => {
		const bin = await runBinary();
		return new Promise((resolve) => {
			const child = execFile(process.execPath, [bin, ...args], {cwd: repo, env: {...world.env, ...options.env}, maxBuffer: 64 * 1024 * 1024, timeout: 300_000}, (error, stdout, stderr) => {
				const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as unknown as {code: number}).code : 1) : 0;
				resolve({code, stdout, stderr});
			});
			world.track(child);
		});
	};
	return {...world, repo, git, run, spawnRun};
}

/** Every prompt the demo agents of a project received (user turns of their session logs). */
export function demoPrompts(repo: string): string[] {
	const prompts: string[] = [];
	const root = path.join(repo, '.tutti', 'demo-home', 'projects');
	if (!existsSync(root)) return prompts;
	for (const dir of readdirSync(root)) {
		for (const file of readdirSync(path.join(root, dir))) {
			for (const line of readFileSync(path.join(root, dir, file), 'utf8').split('\n')) {
				if (line.trim() === '') continue;
				const entry = JSON.parse(line) as {type?: string; message?: {content?: unknown}};
				if (entry.type === 'user' && typeof entry.message?.content === 'string' && !entry.message.content.startsWith('[Request interrupted')) prompts.push(entry.message.content);
			}
		}
	}
	return prompts;
}

/** Counts of each value. */
export function tally(values: readonly string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** The demo SDLC team: three demo agents in worktrees. */
export function demoTeam(name: string, workflows: string): string {
	return `[workspace]
name = "${name}"

[workspace.env]
git_name = "Demo Agent"
git_email = "demo@example.com"

[defaults]
worktree = true
runtime = "demo"

[[agent]]
name = "planner"

[[agent]]
name = "implementer"

[[agent]]
name = "tester"

${workflows}`;
}

export function writeProjectFile(repo: string, file: string, content: string): void {
	mkdirSync(path.dirname(path.join(repo, file)), {recursive: true});
	writeFileSync(path.join(repo, file), content);
}
