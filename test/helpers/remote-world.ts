import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createCore} from '../../src/cli/core.js';
import {WorkspaceContext} from '../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../src/core/config/index.js';
import {parseGlobalConfig} from '../../src/core/config/global.js';
import {closeHostConnections} from '../../src/core/hosts/routing.js';
import type {Runner} from '../../src/core/process/runner.js';
import {makeGitRepo, uniqueSocket} from './sandbox.js';
import {startTestSshd, type TestSshd} from './sshd.js';
import {makeWorld, ttBin} from './tt.js';

export type RemoteWorld = {sshd: TestSshd; world: ReturnType<typeof makeWorld>; ctx: WorkspaceContext; remoteSocket: string; cleanup: () => Promise<void>};

/**
 * A workspace whose agents run on the host "box": a real sshd on 127.0.0.1 with throw-away keys,
 * a `[[host]]` entry for it (its own tmux socket, a root in the world), and a project whose
 * tutti.toml puts every agent there (`agents`: the `[[agent]]` tables). `cleanup` stops the host's
 * tmux, the ssh masters and sshd, and removes the world; stop observers first.
 */
export async function startRemoteWorld(name: string, agents: string, options: {runner?: Runner} = {}): Promise<RemoteWorld> {
	const sshd = await startTestSshd();
	const world = makeWorld(`host-${name}`);
	const remoteSocket = uniqueSocket(`r${name}`);
	const host = {name: 'box', ssh: sshd.destination, ssh_options: sshd.sshOptions, tmux_socket: remoteSocket, root: path.join(world.dir, 'remote')};
	const global = parseGlobalConfig(`[[host]]\n${Object.entries(host).map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join('\n')}\n`, 'config.toml').config;
	const services = createCore({env: world.env, socket: world.socket, tuttiBin: ttBin, global, ...(options.runner ? {runner: options.runner} : {})});
	const repo = makeGitRepo(path.join(world.dir, 'project'));
	writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "${name}"\n\n[defaults]\nhost = "box"\n\n${agents}`);
	const ctx = new WorkspaceContext(loadWorkspaceConfig(repo), services);
	const cleanup = async (): Promise<void> => {
		ctx.close();
		await closeHostConnections();
		try {
			execFileSync('tmux', ['-L', remoteSocket, 'kill-server'], {stdio: 'ignore', env: {...process.env, TMUX_TMPDIR: ''}});
		} catch {
			// Not running.
		}
		rmSync(path.join('/tmp', `tmux-${process.getuid?.() ?? 0}`, remoteSocket), {force: true});
		// Masters opened by tt processes of this world (in-process calls closed theirs above).
		const controlDir = path.join(world.home, '.local', 'state', 'tutti');
		for (const entry of existsSync(controlDir) ? readdirSync(controlDir) : []) if (entry.startsWith('ssh-')) execFileSync('ssh', ['-S', path.join(controlDir, entry), '-O', 'exit', 'x'], {stdio: 'ignore'});
		await sshd.cleanup();
		world.cleanup();
	};
	return {sshd, world, ctx, remoteSocket, cleanup};
}
