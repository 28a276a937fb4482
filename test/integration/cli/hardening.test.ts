import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

/** Every process's command line, as `ps` shows it to any local user. */
function allCommandLines(): string[] {
	const lines: string[] = [];
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
		} catch {
			// Gone meanwhile.
		}
	}
	return lines;
}

describe('the caller environment reaches agents, never a command line', () => {
	const world = makeWorld('envargv');
	let repo = '';
	const secret = `sk-test-${Math.random().toString(36).slice(2)}`;
	const configured = `cfg-${Math.random().toString(36).slice(2)}`;
	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(
			path.join(repo, 'tutti.toml'),
			[
				'[workspace]',
				'name = "envargv"',
				'[workspace.env]',
				`FROM_CONFIG = "${configured}"`,
				'[defaults]',
				'worktree = false',
				'[[agent]]',
				'name = "envdump"',
				'runtime = "custom"',
				'command = ["sh", "-c", "env > env.out; exec sleep 600"]',
				'[agent.env]',
				`ONLY_FOR_ENVDUMP = "${configured}-agent"`,
				'[[agent]]',
				'name = "second"',
				'runtime = "custom"',
				'command = ["sh", "-c", "env > env2.out; exec sleep 600"]',
				'',
			].join('\n'),
		);
		const up = await world.tt(['up'], {cwd: repo, env: {TUTTI_TEST_API_KEY: secret}});
		expect(up.code, up.stderr).toBe(0);
		for (const file of ['env.out', 'env2.out']) await waitFor(() => existsSync(path.join(repo, file)) && readFileSync(path.join(repo, file), 'utf8').includes('FROM_CONFIG='), {what: file});
	});
	afterAll(() => world.cleanup());

	it('the agent gets the caller environment, [workspace.env] and tutti variables', () => {
		const env = readFileSync(path.join(repo, 'env.out'), 'utf8');
		expect(env).toContain(`TUTTI_TEST_API_KEY=${secret}`);
		expect(env).toContain(`FROM_CONFIG=${configured}`);
		expect(env).toMatch(/^TUTTI_SESSION=tt-envargv-envdump$/m);
		expect(env).toContain(`HOME=${world.home}`);
		expect(env).toContain(`ONLY_FOR_ENVDUMP=${configured}-agent`);
	});

	it("one agent's own variables never reach another agent, nor the tmux server's environment", () => {
		const second = readFileSync(path.join(repo, 'env2.out'), 'utf8');
		expect(second).toContain(`TUTTI_TEST_API_KEY=${secret}`);
		expect(second).not.toContain('ONLY_FOR_ENVDUMP');
		expect(second).toMatch(/^TUTTI_SESSION=tt-envargv-second$/m);
		const server = execFileSync('tmux', ['-L', world.socket, 'display-message', '-p', '#{pid}'], {encoding: 'utf8'}).trim();
		expect(readFileSync(`/proc/${server}/environ`, 'utf8')).not.toContain('ONLY_FOR_ENVDUMP');
	});

	it('no process shows the values on its command line (the tmux server included)', () => {
		const server = execFileSync('tmux', ['-L', world.socket, 'display-message', '-p', '#{pid}'], {encoding: 'utf8'}).trim();
		const serverLine = readFileSync(`/proc/${server}/cmdline`, 'utf8');
		expect(serverLine).not.toContain(secret);
		expect(serverLine).not.toContain(configured);
		const leaking = allCommandLines().filter((line) => line.includes(secret) || line.includes(configured));
		expect(leaking).toEqual([]);
	});
});

const isRoot = process.getuid?.() === 0;
const mount = (...args: string[]) => execFileSync('mount', args, {stdio: 'pipe'});

/** A demo team in a fresh project; `state` is its .tutti/state folder. */
async function demoTeam(label: string, agents: number) {
	const world = makeWorld(label);
	const repo = makeGitRepo(path.join(world.dir, 'project'));
	const names = Array.from({length: agents}, (_, index) => `a${index + 1}`);
	writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "${label}"\n[defaults]\nworktree = false\nruntime = "demo"\n${names.map((name) => `[[agent]]\nname = "${name}"\n`).join('')}`);
	const up = await world.tt(['up'], {cwd: repo});
	expect(up.code, up.stderr).toBe(0);
	const sessions = () => {
		try {
			return execFileSync('tmux', ['-L', world.socket, 'list-sessions', '-F', '#{session_name}'], {encoding: 'utf8'}).split('\n').filter(Boolean);
		} catch {
			return [];
		}
	};
	return {world, repo, state: path.join(repo, '.tutti', 'state'), sessions, tt: (args: string[]) => world.tt(args, {cwd: repo})};
}

// Mounting needs root (CI runs as root); a non-root run skips these with the reason in the title.
describe.skipIf(!isRoot)('a state folder that cannot be written (read-only mount, full disk; needs root)', () => {
	let team: Awaited<ReturnType<typeof demoTeam>>;
	beforeAll(async () => {
		team = await demoTeam('rostate', 3);
		mount('--bind', team.state, team.state);
		mount('-o', 'remount,bind,ro', team.state);
	});
	afterAll(async () => {
		execFileSync('umount', [team.state]);
		await team.tt(['down']);
		team.world.cleanup();
	});

	it.each([['status'], ['health'], ['down'], ['up'], ['send', 'a1', 'echo hi']])('tt %s says error[state] with the file and the cause, and changes nothing', async (...args) => {
		const result = await team.tt(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error\[state\]: cannot (open the workspace database|record anything in) \S*\.tutti\/state\S*: read-only file system/);
		expect(result.stderr).toMatch(/hint: Mount \S+ writable/);
		expect(result.stderr).not.toMatch(/bug in tutti|error\[internal\]/);
		expect(team.sessions()).toHaveLength(3);
	});

	it('tt serve exits 1 at once instead of staying alive without listening', async () => {
		const started = Date.now();
		const result = await team.tt(['serve', '--port', '0']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error\[state\]: .*read-only file system/);
		expect(Date.now() - started).toBeLessThan(10_000);
	});
});

describe.skipIf(!isRoot)('a full disk (a 1 MiB tmpfs as the state folder; needs root)', () => {
	let team: Awaited<ReturnType<typeof demoTeam>>;
	beforeAll(async () => {
		team = await demoTeam('fullstate', 1);
		await team.tt(['down']);
		mount('-t', 'tmpfs', '-o', 'size=1m', 'tutti-test-full', team.state);
		// Fill it to the last block.
		try {
			writeFileSync(path.join(team.state, 'filler'), Buffer.alloc(2 * 1024 * 1024));
		} catch {
			// ENOSPC: full, as wanted.
		}
	});
	afterAll(() => {
		execFileSync('umount', [team.state]);
		team.world.cleanup();
	});

	it('tt up says no space left, names the folder, and starts nothing', async () => {
		const result = await team.tt(['up']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error\[state\]: .*\.tutti\/state.*: no space left on device/);
		expect(result.stderr).toMatch(/hint: Free some (disk )?space/);
		expect(team.sessions()).toEqual([]);
	});
});

describe('tt serve and signals', () => {
	it('exits within 2 s when its whole process group gets SIGTERM (as systemd sends), with 10 agents', async () => {
		const team = await demoTeam('sigterm', 10);
		let group: number | undefined;
		try {
			const {spawn} = await import('node:child_process');
			const {ttBin} = await import('../../helpers/tt.js');
			const child = spawn(process.execPath, [ttBin, 'serve', '--port', '0'], {cwd: team.repo, env: team.world.env, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
			group = child.pid;
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
			await waitFor(() => out.includes('Ctrl-C stops the server'), {what: 'tt serve listening', timeoutMs: 30_000});
			// Let the recorder attach to every agent.
			const controlClients = () => allCommandLines().filter((line) => line.includes(`-L ${team.world.socket} `) && line.includes(' -C attach-session')).length;
			await waitFor(() => controlClients() === 10, {what: '10 control clients', timeoutMs: 20_000});
			const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
			const signalled = Date.now();
			process.kill(-child.pid!, 'SIGTERM');
			const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000))]);
			const took = Date.now() - signalled;
			if (code === 'hung') process.kill(-child.pid!, 'SIGKILL');
			expect(code).not.toBe('hung');
			expect(took).toBeLessThan(2000);
			// No control client outlives it.
			await waitFor(() => controlClients() === 0, {what: 'control clients gone', timeoutMs: 2000});
		} finally {
			// Detached, so nothing else ends it when an expectation above fails first.
			if (group !== undefined) signalGroupIfAny(group);
			await team.tt(['down']);
			team.world.cleanup();
		}
	});
});

function signalGroupIfAny(pgid: number): void {
	try {
		process.kill(-pgid, 'SIGKILL');
	} catch {
		// The group ended (the test passed).
	}
}

describe('a hostile repository cannot redirect what tutti writes through .tutti/', () => {
	const world = makeWorld('hostile');
	afterAll(() => world.cleanup());
	let n = 0;
	const project = (plant: (repo: string, outside: string) => void, commit: boolean) => {
		const repo = makeGitRepo(path.join(world.dir, `p${++n}`));
		const outside = path.join(world.dir, `outside-${n}`);
		mkdirSync(outside);
		writeFileSync(path.join(outside, 'victim.txt'), 'precious\n');
		writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "hostile${n}"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a1"\n`);
		plant(repo, outside);
		if (commit) execFileSync('git', ['-C', repo, 'add', '-A', '-f'], {stdio: 'ignore'});
		if (commit) execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'hostile'], {stdio: 'ignore'});
		return {repo, outside};
	};
	const link = (target: string, at: string) => {
		mkdirSync(path.dirname(at), {recursive: true});
		symlinkSync(target, at);
	};

	it.each([
		['a committed log symlink', (repo: string, outside: string) => link(path.join(outside, 'victim.txt'), path.join(repo, '.tutti', 'logs', 'a1.log')), true, /tracks files inside \.tutti\/ \(\.tutti\/logs\/a1\.log\)/],
		['an untracked log symlink', (repo: string, outside: string) => link(path.join(outside, 'victim.txt'), path.join(repo, '.tutti', 'logs', 'a1.log')), false, /refusing to use \S+\/\.tutti\/logs\/a1\.log: it is a symbolic link/],
		['a state folder symlink', (repo: string, outside: string) => link(outside, path.join(repo, '.tutti', 'state')), false, /refusing to use \S+\/\.tutti\/state: it is a symbolic link/],
		['a .tutti symlink', (repo: string, outside: string) => link(outside, path.join(repo, '.tutti')), false, /refusing to use \S+\/\.tutti: it is a symbolic link/],
		['a database symlink', (repo: string, outside: string) => link(path.join(outside, 'victim.txt'), path.join(repo, '.tutti', 'state', 'tutti.db')), false, /tutti\.db: it is a symbolic link/],
		['a signals file symlink', (repo: string, outside: string) => link(path.join(outside, 'victim.txt'), path.join(repo, '.tutti', 'state', 'signals.jsonl')), false, /signals\.jsonl: it is a symbolic link/],
	] as const)('%s is refused with the path, and nothing outside is touched', async (_name, plant, commit, message) => {
		const {repo, outside} = project(plant, commit);
		for (const args of [['up'], ['status']]) {
			const result = await world.tt(args, {cwd: repo});
			if (args[0] === 'status' && commit) continue; // A tracked regular file is only refused where tutti would write.
			expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
			expect(result.stderr).toMatch(/^error\[state\]: /);
			expect(result.stderr).toMatch(message);
		}
		expect(readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('precious\n');
		expect(readdirSync(outside)).toEqual(['victim.txt']);
	});
});

describe('parallel tt up', () => {
	it('every caller exits 0 and each agent runs once, worktrees included', async () => {
		const world = makeWorld('uprace');
		try {
			const repo = makeGitRepo(path.join(world.dir, 'project'));
			writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "uprace"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "a1"\n[[agent]]\nname = "a2"\n[[agent]]\nname = "a3"\n');
			const results = await Promise.all(Array.from({length: 5}, () => world.tt(['up', '--json'], {cwd: repo})));
			for (const result of results) expect(result.code, result.stderr).toBe(0);
			for (const result of results) expect(result.stderr).not.toMatch(/duplicate session|error\[/);
			const sessions = execFileSync('tmux', ['-L', world.socket, 'list-sessions', '-F', '#{session_name}'], {encoding: 'utf8'}).split('\n').filter(Boolean).sort();
			expect(sessions).toEqual(['tt-uprace-a1', 'tt-uprace-a2', 'tt-uprace-a3']);
			const outcomes = results.flatMap((result) => (JSON.parse(result.stdout) as Array<{agent: string; outcome: string}>).map((row) => `${row.agent}:${row.outcome}`));
			for (const agent of ['a1', 'a2', 'a3']) expect(outcomes.filter((outcome) => outcome === `${agent}:started`)).toHaveLength(1);
		} finally {
			world.cleanup();
		}
	});
});

describe('a worktree deleted by hand', () => {
	it('is reported by tt status and tt health, and tt up <agent> recreates it and restarts the agent', async () => {
		const world = makeWorld('wtgone');
		try {
			const repo = makeGitRepo(path.join(world.dir, 'project'));
			writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "wtgone"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "a1"\n');
			const tt = (args: string[]) => world.tt(args, {cwd: repo});
			expect((await tt(['up'])).code).toBe(0);
			await waitFor(async () => (JSON.parse((await tt(['status', '--json'])).stdout) as Array<{state: string}>)[0]?.state === 'idle', {what: 'a1 idle'});
			const dir = path.join(repo, '.tutti', 'worktrees', 'a1');
			const {rmSync} = await import('node:fs');
			rmSync(dir, {recursive: true, force: true});
			const status = JSON.parse((await tt(['status', '--json'])).stdout) as Array<{running: boolean; problem: string | null}>;
			expect(status[0]).toMatchObject({running: true, problem: `its worktree ${dir} was deleted; \`tt up a1\` recreates it and restarts the agent`});
			expect((await tt(['status'])).stdout).toContain(`⚠ its worktree ${dir} was deleted`);
			const health = JSON.parse((await tt(['health', '--json'])).stdout) as Array<{problem: string | null; reason: string | null}>;
			expect(health[0]?.problem).toContain('was deleted');
			const up = await tt(['up', 'a1', '--json']);
			expect(up.code, up.stderr).toBe(0);
			expect(JSON.parse(up.stdout)).toMatchObject([{agent: 'a1', outcome: 'restarted'}]);
			expect(up.stderr + up.stdout).toContain('had been deleted; recreated it on tutti/a1');
			expect(existsSync(dir)).toBe(true);
			await waitFor(async () => (JSON.parse((await tt(['status', '--json'])).stdout) as Array<{state: string; problem: string | null}>)[0]?.state === 'idle', {what: 'a1 idle again'});
			expect((JSON.parse((await tt(['status', '--json'])).stdout) as Array<{problem: string | null}>)[0]?.problem).toBeNull();
		} finally {
			world.cleanup();
		}
	});
});
