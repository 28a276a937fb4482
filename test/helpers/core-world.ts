import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {registerBuiltinAdapters} from '../../src/adapters/index.js';
import {customScreenRules} from '../../src/adapters/custom/index.js';
import {WorkspaceContext, type Services} from '../../src/core/agents/context.js';
import {AdapterRegistry} from '../../src/core/agents/registry.js';
import {GlobalConfigSchema, loadWorkspaceConfig} from '../../src/core/config/index.js';
import {defaultRunner} from '../../src/core/process/runner.js';
import {Tmux} from '../../src/core/tmux/client.js';
import {ensureTmuxConf} from '../../src/core/tmux/tmux-conf.js';
import {makeGitRepo} from './sandbox.js';
import {makeWorld, repoRoot, ttBin} from './tt.js';

/** A world for driving core objects directly (observer, lifecycle) against real tmux and git. */
export function makeCoreWorld(label = 'core') {
	const world = makeWorld(label);
	const services: Services = {
		runner: defaultRunner,
		// The world's own private dir, not the developer's ~/.local/state/tutti.
		tmux: new Tmux(defaultRunner, world.socket, ensureTmuxConf(world.env)),
		adapters: (() => {
			const registry = new AdapterRegistry();
			registerBuiltinAdapters(registry);
			return registry;
		})(),
		global: GlobalConfigSchema.parse({}),
		env: world.env,
		tuttiBin: ttBin,
		nodeBin: process.execPath,
		customRules: (agent) => customScreenRules(agent.screen),
	};
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
