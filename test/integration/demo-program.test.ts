// Runs the built demo agent (dist/demo-agent.js) in real tmux on a private socket and drives it
// the way tutti does: paste-buffer (bracketed) + Enter, capture-pane, pane title, pane_dead.
import {execFileSync, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {killTmuxServer, makeGitRepo, makeTempDir, uniqueSocket} from '../helpers/sandbox.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = path.join(root, 'dist', 'demo-agent.js');
const sources = path.join(root, 'src', 'adapters', 'demo', 'program');
const session = 'demo';

function newestSource(): number {
	return Math.max(...readdirSync(sources).map((name) => statSync(path.join(sources, name)).mtimeMs));
}

/** Builds when the bundle is missing or older than its sources; tolerates other entries failing to build. */
function ensureBuilt(): void {
	if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
	try {
		execFileSync(process.execPath, ['scripts/build.mjs'], {cwd: root, stdio: 'pipe'});
	} catch (error) {
		if (!existsSync(built) || statSync(built).mtimeMs < newestSource()) throw error;
	}
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, describeState: () => string, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- state ---\n${describeState()}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('demo agent in tmux', () => {
	const socket = uniqueSocket('demo');
	const temp = makeTempDir('tutti-demo-int-');
	const repo = path.join(temp.dir, 'repo.with.dots');
	const home = path.join(temp.dir, 'home');
	const raw = path.join(temp.dir, 'raw.log');
	let agent = '';

	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});
	const screen = () => tmux('capture-pane', '-p', '-t', session);
	const title = () => tmux('display', '-p', '-t', session, '#{pane_title}').trim();
	const state = () => `title: ${title()}\n${screen()}`;
	const wait = <T>(what: string, probe: () => T | undefined | false, timeoutMs?: number) => waitFor(what, probe, state, timeoutMs);
	const isIdle = () => title() === '✳ demo: idle' && /│ ❯ +│\n╰─+╯\n {2}\? for shortcuts · demo agent ready\s*$/.test(screen());
	const send = (prompt: string) => {
		execFileSync('tmux', ['-L', socket, 'load-buffer', '-b', 'prompt', '-'], {input: prompt});
		tmux('paste-buffer', '-p', '-d', '-b', 'prompt', '-t', session);
		tmux('send-keys', '-t', session, 'Enter');
	};
	const git = (...args: string[]) => execFileSync('git', args, {cwd: repo, encoding: 'utf8'}).trim();

	beforeAll(async () => {
		ensureBuilt();
		// Run a private copy, so a concurrent rebuild of dist/ cannot change it under the test.
		agent = path.join(temp.dir, 'demo-agent.js');
		copyFileSync(built, agent);
		makeGitRepo(repo);
		const env = {
			TUTTI_AGENT: 'alice',
			TUTTI_DEMO_WORK_MS: '300',
			TUTTI_DEMO_STARTUP_MS: '100',
			TUTTI_DEMO_HOME: home,
			TUTTI_DEMO_SESSION_ID: 'itest',
		};
		const envArgs = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		tmux(
			'-f',
			'/dev/null',
			'new-session',
			'-d',
			'-s',
			session,
			'-x',
			'120',
			'-y',
			'40',
			'-c',
			repo,
			...envArgs,
			'--',
			process.execPath,
			agent,
		);
		tmux('set-option', '-w', '-t', session, 'remain-on-exit', 'on');
		tmux('pipe-pane', '-o', '-t', session, `cat >> '${raw}'`);
		await wait('the idle prompt box', isIdle);
	});

	afterAll(() => {
		killTmuxServer(socket);
		temp.cleanup();
	});

	it('shows the banner and the idle prompt box, full width', () => {
		const text = screen();
		expect(text).toContain(`demo agent · alice · ${repo}`);
		expect(text).toContain(`╭${'─'.repeat(118)}╮`);
		expect(text).toContain(`│ ❯ ${' '.repeat(114)} │`);
		expect(title()).toBe('✳ demo: idle');
	});

	it('writes a file when asked', async () => {
		send('write hello.txt hi there');
		await wait('the answer', () => screen().includes('⏺ Wrote hello.txt (9 bytes)'));
		await wait('idle again', isIdle);
		expect(readFileSync(path.join(repo, 'hello.txt'), 'utf8')).toBe('hi there\n');
	});

	it('commits', async () => {
		send('commit add hello');
		await wait('the commit answer', () => /⏺ Committed [0-9a-f]{7,}: add hello/.test(screen()));
		await wait('idle again', isIdle);
		expect(git('log', '-1', '--format=%s')).toBe('add hello');
		expect(git('status', '--porcelain')).toBe('');
	});

	it('asks for permission and takes y', async () => {
		send('ask Delete the database?');
		await wait(
			'the dialog',
			() => title() === '✋ demo: needs input' && /│ Delete the database\? +│[\s\S]*│ ❯ 1\. Yes +│\n│ {3}2\. No +│/.test(screen()),
		);
		tmux('send-keys', '-t', session, 'y');
		await wait('the approval', () => screen().includes('⏺ Approved: Delete the database?'));
		await wait('idle again', isIdle);
	});

	it('fails auth like Claude Code', async () => {
		send('fail auth');
		await wait('the 401 line', () => screen().includes('⎿ API Error: 401 {"type":"error","error":{"type":"authentication_error"'));
		await wait('idle again', isIdle);
	});

	it('takes a multi-line paste as one prompt', async () => {
		send('echo line1\nline2 "$(whoami)" `id` \'q\'');
		await wait('the echoed answer', () => /⏺ line1\n {2}line2 "\$\(whoami\)" `id` 'q'\n/.test(screen()));
		await wait('idle again', isIdle);
		expect(screen()).not.toContain('⏺ Done: looked into "line2');
	});

	it('shows a spinner and a working title, and interrupts with Esc', async () => {
		send('sleep 30');
		await wait(
			'the working title and spinner',
			() => title() === '⠂ demo: working' && /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Working… \(\d+s · esc to interrupt\)/.test(screen()),
		);
		await wait('the spinner to move on', () => /Working… \(1s/.test(screen()));
		tmux('send-keys', '-t', session, 'Escape');
		await wait('the interruption', () => screen().includes('⎿ Interrupted by user'));
		await wait('idle again', isIdle);
	});

	it('announced each state with OSC 7501 and wrote a Claude-format session log', () => {
		const stream = readFileSync(raw, 'utf8');
		for (const state of ['working', 'done', 'blocked:app=demo:kind=permission', 'error', 'idle']) {
			expect(stream).toContain(`\x1b]7501;state=${state.includes(':') ? state : `${state}:app=demo`}\x07`);
		}
		expect(stream).toContain('\x1b[?2004h');
		const logFile = path.join(home, 'projects', repo.replace(/[^a-zA-Z0-9]/g, '-'), 'itest.jsonl');
		const lines = readFileSync(logFile, 'utf8')
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as {type: string; message: {content: unknown}});
		expect(lines[0]).toMatchObject({type: 'user', message: {content: 'write hello.txt hi there'}});
		expect(lines.filter((line) => line.type === 'assistant').length).toBeGreaterThanOrEqual(5);
		expect(lines.some((line) => (line as {isApiErrorMessage?: boolean}).isApiErrorMessage)).toBe(true);
	});

	it('exits with the requested status', async () => {
		send('exit 3');
		const serverPid = Number(tmux('display', '-p', '-t', session, '#{pid}').trim());
		let deadSince = 0;
		const status = await wait('the dead pane status', () => {
			const [dead, code] = tmux('display', '-p', '-t', session, '#{pane_dead} #{pane_dead_status}').trim().split(' ');
			if (dead !== '1') return undefined;
			if (code) return code;
			// tmux collects the exit status on its next SIGCHLD; nudge it (native-signals.md §E).
			deadSince ||= Date.now();
			if (Date.now() - deadSince > 200) process.kill(serverPid, 'SIGCHLD');
			return undefined;
		});
		expect(status).toBe('3');
		expect(screen()).toContain('Bye.');
	});
});

describe('demo agent without a terminal', () => {
	it('reads one prompt per line and exits with the code asked for', () => {
		const temp = makeTempDir('tutti-demo-pipe-');
		try {
			ensureBuilt();
			const result = spawnSync(process.execPath, [built], {
				cwd: temp.dir,
				input: 'echo hi "there"\nwrite a/b.txt x\nask ok?\ny\nexit 4\n',
				encoding: 'utf8',
				env: {...process.env, TUTTI_DEMO_WORK_MS: '20', TUTTI_DEMO_STARTUP_MS: '0', TUTTI_DEMO_HOME: path.join(temp.dir, 'home')},
				timeout: 20_000,
			});
			expect(result.status).toBe(4);
			expect(result.stdout).toContain('⏺ hi "there"');
			expect(result.stdout).toContain('⏺ Approved: ok?');
			expect(result.stdout).not.toContain('\x1b');
			expect(readFileSync(path.join(temp.dir, 'a/b.txt'), 'utf8')).toBe('x\n');
		} finally {
			temp.cleanup();
		}
	});
});
