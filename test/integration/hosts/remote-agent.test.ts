import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo, uniqueSocket} from '../../helpers/sandbox.js';
import {startTestSshd, type TestSshd} from '../../helpers/sshd.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

/**
 * A demo agent on a `[[host]]`: the "host" is this machine reached through a real sshd, with its
 * own folder and its own tmux socket, so anything done locally instead of through ssh shows.
 */
describe('an agent on a remote host', () => {
	let sshd: TestSshd;
	let world: ReturnType<typeof makeWorld>;
	let project: string;
	let remoteRoot: string;
	const remoteSocket = uniqueSocket('remote');
	/** The host's tmux, asked directly (with no TMUX_TMPDIR, as a login over ssh has). */
	const remoteTmux = (...args: string[]) => execFileSync('tmux', ['-L', remoteSocket, ...args], {encoding: 'utf8', env: {...process.env, TMUX_TMPDIR: '', TMUX: ''}, stdio: ['ignore', 'pipe', 'ignore']});
	type Status = {name: string; state: string; detail: string | null; rss_bytes: number | null};
	const status = async () => JSON.parse((await world.tt(['status', '--json'], {cwd: project})).stdout) as Status[];
	const stateOf = async (agent: string) => (await status()).find((entry) => entry.name === agent)?.state;

	beforeAll(async () => {
		sshd = await startTestSshd();
		world = makeWorld('hosts');
		remoteRoot = path.join(world.dir, 'remote');
		const configDir = path.join(world.env['XDG_CONFIG_HOME']!, 'tutti');
		mkdirSync(configDir, {recursive: true});
		writeFileSync(
			path.join(configDir, 'config.toml'),
			`[[host]]\nname = "box"\nssh = ${JSON.stringify(sshd.destination)}\nssh_options = ${JSON.stringify(sshd.sshOptions)}\ntmux_socket = ${JSON.stringify(remoteSocket)}\nroot = ${JSON.stringify(remoteRoot)}\n`,
		);
		project = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(
			path.join(project, 'tutti.toml'),
			`[workspace]\nname = "hosted"\n\n[defaults]\nworktree = true\n\n[[agent]]\nname = "far"\nruntime = "demo"\nhost = "box"\n\n[agent.env]\nTUTTI_DEMO_WORK_MS = "300"\nTUTTI_DEMO_STARTUP_MS = "50"\ngit_name = "Far Agent"\ngit_email = "far@example.com"\n`,
		);
	});

	afterAll(async () => {
		try {
			execFileSync('tmux', ['-L', remoteSocket, 'kill-server'], {stdio: 'ignore', env: {...process.env, TMUX_TMPDIR: ''}});
		} catch {
			// Already gone (tt down stopped the empty server).
		}
		// A tmux server that exits leaves its socket file.
		rmSync(path.join('/tmp', `tmux-${process.getuid?.() ?? 0}`, remoteSocket), {force: true});
		// The ssh masters tt left for later commands (ControlPersist) end with the test.
		const controlDir = path.join(world.home, '.local', 'state', 'tutti');
		for (const name of existsSync(controlDir) ? readdirSync(controlDir) : []) {
			if (name.startsWith('ssh-')) execFileSync('ssh', ['-S', path.join(controlDir, name), '-O', 'exit', 'unused'], {stdio: 'ignore'});
		}
		await sshd.cleanup();
		world.cleanup();
	});

	it('tt up makes the worktree and the session on the host, nothing here', async () => {
		const up = await world.tt(['up', 'far'], {cwd: project});
		expect(up.stderr).toBe('');
		expect(up.code).toBe(0);
		const worktree = path.join(remoteRoot, 'workspaces', 'hosted', 'worktrees', 'far');
		expect(existsSync(path.join(worktree, 'README.md'))).toBe(true);
		expect(execFileSync('git', ['-C', worktree, 'branch', '--show-current'], {encoding: 'utf8'}).trim()).toBe('tutti/far');
		expect(existsSync(path.join(project, '.tutti', 'worktrees', 'far'))).toBe(false);
		expect(remoteTmux('list-sessions', '-F', '#{session_name}').trim()).toBe('tt-hosted-far');
		expect(() => execFileSync('tmux', ['-L', world.socket, 'list-sessions'], {stdio: 'ignore'})).toThrow();
		await waitFor(async () => (await stateOf('far')) === 'idle', {what: 'the remote agent to be idle', timeoutMs: 30_000});
		// Its pid is the host's: nothing is read from this machine's /proc for it.
		expect((await status())[0]?.rss_bytes).toBeNull();
	});

	it('tt send and tt peek work through ssh', async () => {
		const sent = await world.tt(['send', 'far', 'say hello from $(whoami) `id`; it\'s fine', '--wait'], {cwd: project});
		expect(sent.stderr).toBe('');
		expect(sent.code).toBe(0);
		const peek = await world.tt(['peek', 'far'], {cwd: project});
		expect(peek.stdout).toContain("say hello from $(whoami) `id`; it's fine");
		expect(remoteTmux('capture-pane', '-p', '-t', '=tt-hosted-far:')).toContain("it's fine");
	});

	it('tt diff and tt land see the commits made on the host', async () => {
		const sent = await world.tt(['send', 'far', 'write notes.md made on the host && commit add notes', '--wait'], {cwd: project});
		expect(sent.code).toBe(0);
		const diff = await world.tt(['diff', 'far', '--json'], {cwd: project});
		expect(diff.stderr).toBe('');
		const parsed = JSON.parse(diff.stdout) as {commits: {subject: string}[]};
		expect(parsed.commits.map((commit) => commit.subject)).toEqual(['add notes']);
		const land = await world.tt(['land', 'far'], {cwd: project});
		expect(land.stderr).toBe('');
		expect(land.code).toBe(0);
		expect(execFileSync('git', ['-C', project, 'show', 'HEAD:notes.md'], {encoding: 'utf8'})).toContain('made on the host');
	});

	it('tt hosts shows the host reachable, its tmux and its running agent', async () => {
		const result = await world.tt(['hosts', '--json'], {cwd: project});
		expect(result.stderr).toBe('');
		const {hosts} = JSON.parse(result.stdout) as {hosts: {name: string; reachable: boolean; tmux: string | null; latency_ms: number | null; socket: string; agents: {agent: string; running: boolean}[]}[]};
		expect(hosts).toHaveLength(1);
		expect(hosts[0]).toMatchObject({name: 'box', reachable: true, socket: remoteSocket, agents: [{agent: 'far', running: true}]});
		expect(hosts[0]?.tmux).toMatch(/^tmux \d/);
		console.info(`one command through the master: ${hosts[0]?.latency_ms} ms`);
		const text = await world.tt(['hosts'], {cwd: project});
		expect(text.stdout).toMatch(/box .* yes .* ms .* tmux .* far\*/);
	});

	it('a host that drops reads unreachable within 5 s, and its state comes back with it', async () => {
		await sshd.stop();
		const dropped = Date.now();
		await waitFor(async () => (await stateOf('far')) === 'unreachable', {what: 'unreachable', timeoutMs: 5000, intervalMs: 50});
		const seenAfterMs = Date.now() - dropped;
		expect((await status())[0]?.detail).toMatch(/^host "box" \(.*\) is unreachable: .*refused/);
		// The agent kept running on the host meanwhile.
		expect(remoteTmux('list-sessions', '-F', '#{session_name}').trim()).toBe('tt-hosted-far');
		const hosts = await world.tt(['hosts', '--json'], {cwd: project});
		expect(JSON.parse(hosts.stdout)).toMatchObject({hosts: [{name: 'box', reachable: false, tmux: null, error: expect.stringMatching(/unreachable/) as unknown}]});
		await sshd.restart();
		await waitFor(async () => (await stateOf('far')) === 'idle', {what: 'idle again', timeoutMs: 15_000});
		console.info(`unreachable shown ${seenAfterMs} ms after sshd stopped`);
		expect(seenAfterMs).toBeLessThan(5000);
	});

	it('a killed ssh master is replaced by the next command: the agent stays reachable', async () => {
		const controlDir = path.join(world.home, '.local', 'state', 'tutti');
		const [socket] = readdirSync(controlDir).filter((name) => name.startsWith('ssh-'));
		// ssh says `Master running (pid=N)` on stderr.
		const check = spawnSync('ssh', ['-S', path.join(controlDir, socket!), '-O', 'check', 'x'], {encoding: 'utf8'});
		const masterPid = Number(/pid=(\d+)/.exec(check.stderr)?.[1]);
		expect(masterPid).toBeGreaterThan(0);
		process.kill(masterPid, 'SIGKILL');
		await waitFor(async () => (await stateOf('far')) === 'idle', {what: 'idle through a new master', timeoutMs: 5000});
	});

	it('tt down stops the session on the host', async () => {
		const down = await world.tt(['down', 'far'], {cwd: project});
		expect(down.code).toBe(0);
		expect(() => remoteTmux('has-session', '-t', '=tt-hosted-far')).toThrow();
		expect(await stateOf('far')).toBe('stopped');
	});
});
