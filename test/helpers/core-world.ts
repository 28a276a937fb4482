import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createCore} from '../../src/cli/core.js';
import {WorkspaceContext} from '../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../src/core/config/index.js';
import {makeGitRepo} from './sandbox.js';
import {makeWorld, repoRoot, ttBin} from './tt.js';

/**
 * The test world for driving core directly (observers, actions, the server) against real tmux and
 * git: `makeWorld`'s private HOME and tmux socket, with the services the CLI builds (`createCore`).
 * `env` adds to (or, with undefined, removes from) the world's environment.
 */
export function makeCoreWorld(label = 'core', options: {env?: Record<string, string | undefined>} = {}) {
	const world = makeWorld(label);
	for (const [name, value] of Object.entries(options.env ?? {})) {
		if (value === undefined) delete world.env[name];
		else world.env[name] = value;
	}
	// tmux.conf goes under the world's HOME, not the developer's runtime dir.
	const services = createCore({env: world.env, socket: world.socket, tuttiBin: ttBin});
	const contexts: WorkspaceContext[] = [];
	return {
		world,
		services,
		/** A git repo with this tutti.toml, opened as a workspace. */
		workspace(name: string, toml: string): WorkspaceContext {
			const repo = makeGitRepo(path.join(world.dir, name));
			writeFileSync(path.join(repo, 'tutti.toml'), toml);
			const ctx = new WorkspaceContext(loadWorkspaceConfig(repo), services);
			contexts.push(ctx);
			return ctx;
		},
		/**
		 * Puts a stand-in for a real CLI's binary (`claude`) first on the agents' PATH: it runs the
		 * demo agent, which takes Claude Code's session flags. Returns the folder it is in.
		 */
		fakeCli(binary: string): string {
			const bin = path.join(world.dir, 'fake-bin');
			mkdirSync(bin, {recursive: true});
			writeFileSync(path.join(bin, binary), `#!/bin/sh\nexec '${process.execPath}' '${path.join(repoRoot, 'dist', 'demo-agent.js')}' "$@"\n`);
			chmodSync(path.join(bin, binary), 0o755);
			if (!(services.env['PATH'] ?? '').startsWith(`${bin}:`)) services.env['PATH'] = `${bin}:${services.env['PATH'] ?? ''}`;
			return bin;
		},
		cleanup(): void {
			for (const ctx of contexts) ctx.close();
			world.cleanup();
		},
	};
}
