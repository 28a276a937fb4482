import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCore} from '../../../src/cli/core.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {parseGlobalConfig} from '../../../src/core/config/global.js';
import {closeHostConnections} from '../../../src/core/hosts/routing.js';
import {buildServer} from '../../../src/server/app.js';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {startTestSshd, type TestSshd} from '../../helpers/sshd.js';
import {makeWorld, ttBin} from '../../helpers/tt.js';

type HostJson = {name: string; reachable: boolean; error: string | null; tmux: string | null; load_1m: number | null; memory: {available_bytes: number; total_bytes: number} | null; tutti: string | null};
type Check = {check: string; status: string; detail: string; fix: string | null};

/** What `tt hosts`, `tt doctor` and GET /v1/hosts say about a real host (a test sshd), one that is down, and a root nobody can write. */
describe('looking at hosts: tt hosts, tt doctor, GET /v1/hosts', () => {
	let sshd: TestSshd;
	let world: ReturnType<typeof makeWorld>;
	let project: string;
	let globalToml: string;
	/** Whether `tutti` or `tt` is on the PATH a command run over ssh gets (it decides "not installed"). */
	let tuttiThere: boolean;

	beforeAll(async () => {
		sshd = await startTestSshd();
		world = makeWorld('hostchk');
		const host = (name: string, options: string[], root: string) => `[[host]]\nname = "${name}"\nssh = ${JSON.stringify(sshd.destination)}\nssh_options = ${JSON.stringify(options)}\nroot = ${JSON.stringify(root)}\n`;
		// "down": the same key, a port nothing listens on; "locked": a root inside a plain file, which no user (root included) can create.
		writeFileSync(path.join(world.dir, 'a-file'), 'not a folder\n');
		const closed = sshd.sshOptions.map((word, index) => (sshd.sshOptions[index - 1] === '-p' ? '1' : word));
		globalToml = [host('box', sshd.sshOptions, path.join(world.dir, 'remote')), host('down', closed, '/tmp/x'), host('locked', sshd.sshOptions, path.join(world.dir, 'a-file', 'tutti'))].join('\n');
		const configDir = path.join(world.env['XDG_CONFIG_HOME']!, 'tutti');
		mkdirSync(configDir, {recursive: true});
		writeFileSync(path.join(configDir, 'config.toml'), globalToml);
		project = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(project, 'tutti.toml'), `[workspace]\nname = "checks"\n\n[[agent]]\nname = "far"\nruntime = "demo"\nhost = "box"\n`);
		const which = execFileSync('ssh', [...sshd.sshOptions, sshd.destination, '--', 'command -v tutti tt || true'], {encoding: 'utf8'});
		tuttiThere = which.trim() !== '';
	});

	afterAll(async () => {
		await closeHostConnections();
		const controlDir = path.join(world.home, '.local', 'state', 'tutti');
		for (const name of existsSync(controlDir) ? readdirSync(controlDir) : []) if (name.startsWith('ssh-')) execFileSync('ssh', ['-S', path.join(controlDir, name), '-O', 'exit', 'x'], {stdio: 'ignore'});
		await sshd.cleanup();
		world.cleanup();
	});

	it('tt hosts shows the load, memory and tutti version of a reachable host', async () => {
		const listed = await world.tt(['hosts', '--json'], {cwd: project});
		expect(listed.code).toBe(0);
		const hosts = (JSON.parse(listed.stdout) as {hosts: HostJson[]}).hosts;
		const box = hosts.find((host) => host.name === 'box');
		expect(box).toMatchObject({reachable: true, error: null});
		expect(box?.load_1m).toBeGreaterThanOrEqual(0);
		// The same machine: /proc/meminfo read over ssh says what it says here.
		const here = /MemTotal:\s+(\d+) kB/.exec(execFileSync('cat', ['/proc/meminfo'], {encoding: 'utf8'}))?.[1];
		expect(box?.memory?.total_bytes).toBe(Number(here) * 1024);
		expect(box?.memory?.available_bytes).toBeGreaterThan(0);
		expect(box?.memory?.available_bytes).toBeLessThanOrEqual(box?.memory?.total_bytes ?? 0);
		if (tuttiThere) expect(box?.tutti).toMatch(/\d+\.\d+/);
		else expect(box?.tutti).toBe('not installed');
		expect(hosts.find((host) => host.name === 'down')).toMatchObject({reachable: false, load_1m: null, memory: null, tutti: null});

		const table = await world.tt(['hosts'], {cwd: project});
		expect(table.stdout).toMatch(/Load\s+Memory free/);
		expect(table.stdout).toContain(tuttiThere ? '' : 'not installed');
	});

	it('tt doctor checks each host: reachable, tmux, git, a writable root — with a fix for each failure', async () => {
		const doctor = await world.tt(['doctor', '--json'], {cwd: project});
		const checks = (JSON.parse(doctor.stdout) as {checks: Check[]}).checks;
		const byName = new Map(checks.filter((check) => check.check.startsWith('host/')).map((check) => [check.check, check]));
		for (const name of ['host/box', 'host/box/tmux', 'host/box/git', 'host/box/root']) expect(byName.get(name)?.status, name).toBe('pass');
		expect(byName.get('host/box/tmux')?.detail).toMatch(/^tmux \d/);
		expect(byName.get('host/box/root')?.detail).toContain('will be created');

		const down = byName.get('host/down');
		expect(down).toMatchObject({status: 'fail'});
		expect(down?.detail).toContain('unreachable');
		expect(down?.fix).toContain('ssh');
		// An unreachable host gets no further checks (nothing could be looked at).
		expect(byName.has('host/down/tmux')).toBe(false);

		const locked = byName.get('host/locked/root');
		expect(locked).toMatchObject({status: 'fail'});
		expect(locked?.fix).toContain('root = ');
		expect(doctor.code).toBe(1);
	});

	it('GET /v1/hosts answers what tt hosts --json says, behind the token like every /v1 route', async () => {
		const global = parseGlobalConfig(globalToml, 'config.toml').config;
		const services = createCore({env: world.env, socket: world.socket, tuttiBin: ttBin, global});
		const ctx = new WorkspaceContext(loadWorkspaceConfig(project), services);
		const token = 'k'.repeat(64);
		const app = await buildServer({workspaces: [ctx]}, {dashboardDir: null, token});
		try {
			expect((await app.inject({url: '/v1/hosts'})).statusCode).toBe(401);
			const reply = await app.inject({url: '/v1/hosts', headers: {authorization: `Bearer ${token}`}});
			const body = reply.json() as {ok: boolean; action: string; data: {hosts: HostJson[]}};
			expect(body).toMatchObject({ok: true, action: 'hosts.list'});
			const cli = (JSON.parse((await world.tt(['hosts', '--json'], {cwd: project})).stdout) as {hosts: HostJson[]}).hosts;
			expect(body.data.hosts.map((host) => Object.keys(host).sort())).toEqual(cli.map((host) => Object.keys(host).sort()));
			expect(body.data.hosts.map((host) => [host.name, host.reachable, host.tmux, host.tutti])).toEqual(cli.map((host) => [host.name, host.reachable, host.tmux, host.tutti]));
		} finally {
			await app.close();
			ctx.close();
		}
	});
});
