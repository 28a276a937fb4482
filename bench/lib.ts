import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createCore} from '../src/cli/core.js';
import {ensureTmuxConf} from '../src/core/tmux/tmux-conf.js';
import {WorkspaceContext} from '../src/core/agents/context.js';
import {loadWorkspaceConfig, type AgentConfig} from '../src/core/config/index.js';
import {waitUntilReady} from '../src/core/agents/send.js';

/** A throw-away workspace of `count` agents on a private tmux socket, for benchmarks. */
export function benchWorkspace(label: string, agents: string, env: Record<string, string> = {}): {ctx: WorkspaceContext; cleanup: () => void; socket: string} {
	const root = process.env['TUTTI_BENCH_ROOT'] ?? process.cwd();
	const dir = mkdtempSync(path.join(os.tmpdir(), `tutti-bench-${label}-`));
	const home = path.join(dir, 'home');
	mkdirSync(home);
	const project = path.join(dir, 'project');
	mkdirSync(project);
	execFileSync('git', ['init', '-q'], {cwd: project});
	writeFileSync(path.join(project, 'tutti.toml'), `[workspace]\nname = "bench"\n[defaults]\nworktree = false\nruntime = "demo"\n${agents}`);
	const socket = `tutti-bench-${label}-${process.pid}`;
	// tmux.conf stays in the runner's runtime dir, as before (ensureTmuxConf of the process's env).
	const services = createCore({env: {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...env}, socket, tmuxConf: ensureTmuxConf(), tuttiBin: path.join(root, 'dist', 'tt.js')});
	const ctx = new WorkspaceContext(loadWorkspaceConfig(project), services);
	return {
		ctx,
		socket,
		cleanup: () => {
			ctx.close();
			try {
				execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
			} catch {
				// already gone
			}
			// tmux leaves its socket file behind when the server is killed.
			rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {force: true});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

export function agentsToml(count: number, prefix = 'a'): string {
	return Array.from({length: count}, (_, index) => `[[agent]]\nname = "${prefix}${index}"\n`).join('');
}

export function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until `agent` is idle again and the recorder has recorded that turn boundary (or 2 s passed idle). */
export async function settleIdle(ctx: WorkspaceContext, agent: AgentConfig): Promise<void> {
	const mark = new Date().toISOString();
	await waitUntilReady(ctx, agent, 30_000);
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		const row = ctx.store.agentStates().get(agent.name);
		if (row?.state === 'idle' && (row.since > mark || Date.now() - Date.parse(mark) > 2_000)) break;
		await sleep(20);
	}
}
