import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {findExecutable} from '../../../src/core/process/which.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

const shell = (name: string, extra: string) => ['[[agent]]', `name = "${name}"`, 'runtime = "custom"', 'command = ["bash", "--norc", "--noprofile"]', extra, '[agent.env]', 'PS1 = "$ "', '[agent.screen]', "idle = ['^\\$ $']", ''].join('\n');

/**
 * `sandbox = "bwrap"`: a shell agent in bubblewrap writes in its own worktree (and commits), but
 * not elsewhere in the repository, cannot see another agent's worktree or ~/.ssh, and with
 * `network = "none"` reaches nothing — checked by what the shell could and could not do.
 */
describe.runIf(process.platform === 'linux' && findExecutable('bwrap', process.env['PATH']) !== undefined)('agents in a bubblewrap sandbox', () => {
	const core = makeCoreWorld('sandbox');
	const ctx = core.workspace('box', `[workspace]\nname = "box"\n[defaults]\nworktree = true\n${shell('boxed', 'sandbox = "bwrap"')}${shell('offline', 'sandbox = "bwrap"\nnetwork = "none"')}${shell('neighbor', '')}`);
	const worktree = (agent: string) => path.join(ctx.root, '.tutti', 'worktrees', agent);
	const run = async (agent: string, command: string, done: string) => {
		await sendPrompt(ctx, agent, `${command}; echo ok > ${done}`, {timeoutMs: 20_000});
		await waitFor(() => existsSync(path.join(worktree(agent), done)), {what: `${agent} to run: ${command}`, timeoutMs: 20_000});
	};
	const read = (agent: string, file: string) => readFileSync(path.join(worktree(agent), file), 'utf8').trim();
	let server: Server;
	let port = 0;

	beforeAll(async () => {
		const home = core.services.env['HOME'] ?? '';
		mkdirSync(path.join(home, '.ssh'), {recursive: true});
		writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY');
		server = createServer((socket) => socket.end('hello\n'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
		const results = await upAgents(ctx, {});
		expect(results.map((result) => result.error?.message ?? null)).toEqual([null, null, null]);
		writeFileSync(path.join(worktree('neighbor'), 'secret.txt'), 'the neighbour\'s work');
		for (const agent of ['boxed', 'offline']) await waitFor(async () => /^\$ ?$/m.test(await ctx.services.tmux.capturePane(ctx.sessionOf(agent))), {what: `${agent} at its prompt`, timeoutMs: 20_000});
	});
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		server?.close();
		core.cleanup();
	});

	it('writes and commits in its own worktree', async () => {
		await run('boxed', 'echo mine > mine.txt && git add mine.txt && git commit -qm boxed && echo yes > committed.txt', 'step1.done');
		expect(read('boxed', 'mine.txt')).toBe('mine');
		expect(read('boxed', 'committed.txt')).toBe('yes');
	});

	it('cannot write elsewhere in the repository', async () => {
		await run('boxed', `(echo x > ${path.join(ctx.root, 'outside.txt')}) 2> write.err; echo $? > write.code`, 'step2.done');
		expect(existsSync(path.join(ctx.root, 'outside.txt'))).toBe(false);
		expect(read('boxed', 'write.code')).not.toBe('0');
		expect(read('boxed', 'write.err')).toMatch(/Read-only file system/);
	});

	it("cannot see another agent's worktree or ~/.ssh", async () => {
		await run('boxed', `cat ${path.join(worktree('neighbor'), 'secret.txt')} > seen.txt 2> seen.err; ls -A ~/.ssh > ssh.txt`, 'step3.done');
		expect(read('boxed', 'seen.txt')).toBe('');
		expect(read('boxed', 'seen.err')).toMatch(/No such file or directory/);
		expect(read('boxed', 'ssh.txt')).toBe('');
		// Outside the sandbox both are there.
		expect(readFileSync(path.join(worktree('neighbor'), 'secret.txt'), 'utf8')).toContain('neighbour');
	});

	it('with network = "none" reaches nothing; the other sandboxed agent does', async () => {
		const probe = `(exec 3<>/dev/tcp/127.0.0.1/${port} && head -1 <&3) > net.txt 2> net.err; echo $? > net.code`;
		await run('offline', probe, 'step4.done');
		await run('boxed', probe, 'step4.done');
		expect(read('offline', 'net.code')).not.toBe('0');
		expect(read('offline', 'net.txt')).toBe('');
		expect(read('boxed', 'net.txt')).toBe('hello');
	});
});
