import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {readAgentRecord} from '../../../src/core/agents/record.js';
import {workspaceStatus} from '../../../src/core/agents/status.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {applyHandoff, generateHandoff} from '../../../src/core/handoff/index.js';
import {readRuntimeOverride, setRuntimeOverride} from '../../../src/core/store/runtime-override.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * A handoff to another CLI: the agent's work goes to a fresh session of another runtime, which it
 * keeps — every surface reads it with that CLI's rules — until it is handed back. Here "Claude
 * Code" is a stand-in `claude` on PATH that runs the demo agent (it takes Claude's session flags).
 */
describe('handing an agent over to another CLI', () => {
	const core = makeCoreWorld('handoff-runtime');
	core.fakeCli('claude');
	const ctx = core.workspace('relay', '[workspace]\nname = "relay"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "dev"\n');
	const dev = ctx.config.agent[0]!;
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('refuses what cannot work, before touching the agent', async () => {
		await upAgents(ctx, {});
		await waitUntilReady(ctx, dev, 30_000);
		await sendPrompt(ctx, 'dev', 'echo the parser needs a fix', {wait: true, timeoutMs: 30_000});
		await generateHandoff(ctx, 'dev', {reason: 'switching CLIs'});
		await expect(applyHandoff(ctx, 'dev', {replace: true, runtime: 'cobol-cli'})).rejects.toMatchObject({code: 'ERR_USAGE', message: 'unknown runtime "cobol-cli"'});
		await expect(applyHandoff(ctx, 'dev', {runtime: 'claude-code'})).rejects.toMatchObject({code: 'ERR_USAGE', message: expect.stringContaining('add --replace') as unknown});
		expect(ctx.runtimeOf(dev)).toBe('demo');
	});

	it('a CLI that cannot start leaves the agent on the one it ran', async () => {
		// No `codex` on this PATH.
		await expect(applyHandoff(ctx, 'dev', {replace: true, runtime: 'codex'})).rejects.toMatchObject({code: 'ERR_RUNTIME_MISSING'});
		expect(ctx.runtimeOf(dev)).toBe('demo');
		expect(readRuntimeOverride(ctx.store, 'dev')).toBeUndefined();
		await waitUntilReady(ctx, dev, 30_000);
		expect(readAgentRecord(ctx, 'dev')?.runtime).toBe('demo');
	});

	it('--replace --runtime starts the other CLI with the packet; every surface reads it as that CLI', async () => {
		const applied = await applyHandoff(ctx, 'dev', {replace: true, runtime: 'claude-code', readyTimeoutMs: 30_000});
		expect(applied).toMatchObject({replaced: true, runtime: 'claude-code'});
		expect(ctx.runtimeOf(dev)).toBe('claude-code');
		expect(ctx.rulesFor(dev).every((rule) => rule.id.startsWith('claude-code/'))).toBe(true);
		expect(readAgentRecord(ctx, 'dev')?.argv[0]).toBe('claude');
		const status = await workspaceStatus(ctx);
		expect(status.find((row) => row.name === 'dev')).toMatchObject({runtime: 'claude-code'});
		const [event] = ctx.store.lastEvents(50).filter((entry) => entry.event === 'handoff.applied');
		expect(event?.data).toMatchObject({replaced: true, runtime: 'claude-code', from_runtime: 'demo'});
		// The fresh session got the packet, with the earlier work in it.
		expect(await ctx.services.tmux.capturePane(ctx.sessionOf('dev'), {history: 500})).toContain('the parser needs a fix');
		// A recorder attaching to the new session reads it with Claude Code's rules.
		const recorder = new WorkspaceObserver(ctx, {pollMs: 100, record: false});
		try {
			await recorder.start();
			const rule = await waitFor(() => recorder.observer('dev')?.verdict?.rule, {what: 'a verdict from the recorder', timeoutMs: 20_000});
			expect(rule).toMatch(/^claude-code\//);
		} finally {
			await recorder.stop();
		}
	});

	it('handing it back to the configured CLI ends the handover', async () => {
		await generateHandoff(ctx, 'dev', {reason: 'back'});
		await applyHandoff(ctx, 'dev', {replace: true, runtime: 'demo', readyTimeoutMs: 30_000});
		expect(readRuntimeOverride(ctx.store, 'dev')).toBeUndefined();
		expect(ctx.runtimeOf(dev)).toBe('demo');
	});

	it('an edit to tutti.toml wins over an old handover', () => {
		// Handed over from gemini-cli, but tutti.toml says demo now.
		setRuntimeOverride(ctx.store, 'dev', 'claude-code', 'gemini-cli');
		ctx.forgetRuntimeOverrides();
		expect(ctx.runtimeOf(dev)).toBe('demo');
	});
});
