import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCore} from '../../../src/cli/core.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {parseGlobalConfig} from '../../../src/core/config/global.js';
import {closeHostConnections} from '../../../src/core/hosts/routing.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeGitRepo, uniqueSocket} from '../../helpers/sandbox.js';
import {startTestSshd, type TestSshd} from '../../helpers/sshd.js';
import {makeWorld, ttBin, waitFor} from '../../helpers/tt.js';

/** The recorder (what tt watch and tt serve run) over an agent on a host that drops and comes back. */
describe('the recorder and a remote agent', () => {
	let sshd: TestSshd;
	let world: ReturnType<typeof makeWorld>;
	let ctx: WorkspaceContext;
	let observer: WorkspaceObserver | undefined;
	const remoteSocket = uniqueSocket('rrec');
	const states: string[] = [];

	beforeAll(async () => {
		sshd = await startTestSshd();
		world = makeWorld('hostrec');
		const global = parseGlobalConfig(
			`[[host]]\nname = "box"\nssh = ${JSON.stringify(sshd.destination)}\nssh_options = ${JSON.stringify(sshd.sshOptions)}\ntmux_socket = ${JSON.stringify(remoteSocket)}\nroot = ${JSON.stringify(path.join(world.dir, 'remote'))}\n`,
			'config.toml',
		).config;
		const services = createCore({env: world.env, socket: world.socket, tuttiBin: ttBin, global});
		const repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "rec"\n\n[defaults]\nhost = "box"\n\n[[agent]]\nname = "far"\nruntime = "demo"\n\n[agent.env]\nTUTTI_DEMO_STARTUP_MS = "50"\n`);
		ctx = new WorkspaceContext(loadWorkspaceConfig(repo), services);
	});

	afterAll(async () => {
		await observer?.stop();
		ctx.close();
		await closeHostConnections();
		try {
			execFileSync('tmux', ['-L', remoteSocket, 'kill-server'], {stdio: 'ignore', env: {...process.env, TMUX_TMPDIR: ''}});
		} catch {
			// Not running.
		}
		rmSync(path.join('/tmp', `tmux-${process.getuid?.() ?? 0}`, remoteSocket), {force: true});
		// ssh masters opened by the tt processes of this world (none expected: all calls were in-process).
		const controlDir = path.join(world.home, '.local', 'state', 'tutti');
		for (const name of existsSync(controlDir) ? readdirSync(controlDir) : []) if (name.startsWith('ssh-')) execFileSync('ssh', ['-S', path.join(controlDir, name), '-O', 'exit', 'x'], {stdio: 'ignore'});
		await sshd.cleanup();
		world.cleanup();
	});

	it('records idle, then unreachable within 5 s of the host dropping, then idle again', async () => {
		const [up] = await upAgents(ctx, {agents: ['far']});
		expect(up?.error).toBeUndefined();
		expect(up?.outcome).toBe('started');
		observer = new WorkspaceObserver(ctx, {pollMs: 200});
		observer.on('state', (_agent, verdict) => states.push(verdict.state));
		await observer.start();
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle', timeoutMs: 30_000});

		await sshd.stop();
		const dropped = Date.now();
		await waitFor(() => states.at(-1) === 'unreachable', {what: 'unreachable', timeoutMs: 5000, intervalMs: 20});
		const seenAfterMs = Date.now() - dropped;
		const recorded = ctx.store.lastEvents(5, 'far').find((event) => event.event === 'agent.unreachable');
		expect(recorded?.data).toMatchObject({to: 'unreachable', source: 'host', rule: 'host.unreachable'});

		await sshd.restart();
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle after the host came back', timeoutMs: 15_000});
		console.info(`recorder: unreachable ${seenAfterMs} ms after sshd stopped; states ${states.join(' → ')}`);
		expect(states.filter((state) => state === 'unreachable')).toHaveLength(1);
	});

	it('a host gone silent (no refusal, no answer) reads unreachable within 5 s too', async () => {
		states.length = 0;
		sshd.freeze(true);
		const silent = Date.now();
		try {
			await waitFor(() => states.at(-1) === 'unreachable', {what: 'unreachable', timeoutMs: 5000, intervalMs: 20});
		} finally {
			sshd.freeze(false);
		}
		console.info(`recorder: unreachable ${Date.now() - silent} ms after the host went silent`);
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle after the host answered again', timeoutMs: 20_000});
	});
});
