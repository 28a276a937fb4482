import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {resetUserScopeProbe} from '../../../src/core/tmux/user-scope.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {listNotices} from '../../../src/core/store/notices.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

const hogProgram = fileURLToPath(new URL('../../fixtures/programs/memory-hog.mjs', import.meta.url));

/**
 * `memory_max`: where systemd user scopes do not work (here), the recorder stops an agent whose
 * process tree holds more than its cap — and only that one; where they work, the CLI starts in a
 * scope with MemoryMax (a stand-in systemd-run records what it was asked).
 */
describe.runIf(process.platform === 'linux')('memory_max per agent', () => {
	const hog = ['[[agent]]', 'name = "hog"', 'runtime = "custom"', `command = ${JSON.stringify([process.execPath, hogProgram])}`, 'memory_max = "64M"', '[agent.screen]', "idle = ['^> ']"].join('\n');
	afterEach(() => resetUserScopeProbe());

	describe('held by the recorder', () => {
		const core = makeCoreWorld('memcap', {env: {TUTTI_SYSTEMD_SCOPE: '0'}});
		const ctx = core.workspace('caps', `[workspace]\nname = "caps"\n[defaults]\nruntime = "demo"\nworktree = false\n[resources]\nmemory_max = "2G"\n${hog}\n[[agent]]\nname = "calm"\n`);
		const observer = new WorkspaceObserver(ctx, {pollMs: 200});
		afterAll(async () => {
			await observer.stop();
			await stopAgents(ctx, {}).catch(() => undefined);
			core.cleanup();
		});

		it('stops the agent past its cap (two samples running), says why, and leaves the others', async () => {
			const results = await upAgents(ctx, {});
			expect(results.map((result) => result.error?.message ?? null)).toEqual([null, null]);
			expect(results.find((result) => result.agent === 'hog')?.warnings).toContainEqual(expect.stringContaining('memory_max 64M: TUTTI_SYSTEMD_SCOPE=0, so the recorder (tt watch, tt serve) stops the agent when its processes pass it'));
			await waitUntilReady(ctx, ctx.config.agent.find((agent) => agent.name === 'calm')!, 30_000);
			await observer.start();
			const [exceeded] = await waitFor(() => {
				const found = ctx.store.lastEvents(500).filter((event) => event.event === 'agent.memory_exceeded');
				return found.length > 0 ? found : undefined;
			}, {what: 'the watchdog', timeoutMs: 30_000});
			expect(exceeded!.agent).toBe('hog');
			expect(exceeded!.data).toMatchObject({memory_max: 64 * 1024 * 1024});
			expect(Number(exceeded!.data?.['rss_bytes'])).toBeGreaterThan(64 * 1024 * 1024);
			await waitFor(() => ctx.store.agentStates().get('hog')?.state === 'stopped', {what: 'hog stopped', timeoutMs: 15_000});
			const stopped = ctx.store.lastEvents(500).filter((event) => event.event === 'agent.stopped' && event.agent === 'hog');
			expect(stopped.at(-1)?.data).toMatchObject({reason: 'memory_max'});
			expect(await ctx.services.tmux.hasSession(ctx.sessionOf('hog'))).toBe(false);
			// The agent under its (workspace-wide) cap runs on.
			expect(await ctx.services.tmux.hasSession(ctx.sessionOf('calm'))).toBe(true);
			expect(ctx.store.lastEvents(500).filter((event) => event.event === 'agent.memory_exceeded')).toHaveLength(1);
			// A person is told: the news stays unread until seen.
			await waitFor(() => listNotices(ctx.store).find((notice) => notice.agent === 'hog' && notice.kind === 'memory_max' && notice.unread), {what: 'the unread notice', timeoutMs: 10_000});
		});
	});

	describe('held by the kernel where systemd user scopes work', () => {
		const core = makeCoreWorld('memscope');
		const record = path.join(core.world.dir, 'systemd-run.args');
		const ctx = core.workspace('scoped', '[workspace]\nname = "scoped"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "capped"\nmemory_max = "1.5G"\n');
		afterAll(async () => {
			await stopAgents(ctx, {}).catch(() => undefined);
			core.cleanup();
		});

		it('starts the CLI in a scope with MemoryMax and no swap; the agent runs', async () => {
			// Like the real one: options, then `--`, then the command it runs (exec'd: same pid).
			const script = `#!/bin/sh\nprintf '%s\\n' "$*" >> '${record}'\nwhile [ "$#" -gt 0 ] && [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n`;
			writeFileSync(path.join(core.world.dir, 'systemd-run'), script);
			chmodSync(path.join(core.world.dir, 'systemd-run'), 0o755);
			core.services.env['PATH'] = `${core.world.dir}:${core.services.env['PATH'] ?? ''}`;
			// tutti's tmux server asks the same question (do user scopes work?) with this process's PATH.
			const originalPath = process.env['PATH'];
			process.env['PATH'] = core.services.env['PATH'];
			const [result] = await upAgents(ctx, {}).finally(() => {
				process.env['PATH'] = originalPath;
			});
			expect(result?.error?.message ?? null).toBeNull();
			expect(result?.warnings.join('\n') ?? '').not.toContain('memory_max');
			await waitUntilReady(ctx, ctx.config.agent[0]!, 30_000);
			const calls = readFileSync(record, 'utf8').trim().split('\n');
			expect(calls).toContain('--user --scope --quiet --collect -- true');
			const launch = calls.find((line) => line.includes('--unit=tutti-agent-'));
			expect(launch).toMatch(new RegExp(`^--user --scope --quiet --collect --unit=tutti-agent-tt-scoped-capped-[0-9a-f]{6} -p MemoryMax=${1.5 * 1024 ** 3} -p MemorySwapMax=0 -- \\S*node \\S*demo-agent\\.js`));
		});
	});
});
