import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {applyHandoff, generateHandoff, listHandoffs} from '../../../src/core/handoff/index.js';
import {readAgentSession} from '../../../src/core/store/sessions.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';
import {demoPrompts} from '../workflow/harness.js';

/** User turns of one demo session log (the demo writes Claude-format JSONL). */
function sessionPrompts(root: string, sessionId: string): string[] {
	const projects = path.join(root, '.tutti', 'demo-home', 'projects');
	for (const dir of existsSync(projects) ? readdirSync(projects) : []) {
		const file = path.join(projects, dir, `${sessionId}.jsonl`);
		if (!existsSync(file)) continue;
		return readFileSync(file, 'utf8')
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as {type?: string; message?: {content?: unknown}})
			.filter((entry) => entry.type === 'user' && typeof entry.message?.content === 'string')
			.map((entry) => entry.message!.content as string);
	}
	return [];
}

describe('handoff packets with the demo agent in real tmux', () => {
	const core = makeCoreWorld('handoff');
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});
	// A hyphenated name: the reference would list its packets under "api".
	const ctx = core.workspace('shop', '[workspace]\nname = "shop"\n\n[defaults]\nruntime = "demo"\nworktree = true\n\n[[agent]]\nname = "api-v2"\n');
	const agent = ctx.config.agent[0]!;
	const events = (name: string) => ctx.store.lastEvents(500).filter((event) => event.event === name);
	let packet = '';

	it('generate: the packet holds the conversation\'s prompts, the changed files and the unlanded commit', async () => {
		const [up] = await upAgents(ctx, {agents: ['api-v2']});
		expect(up?.error).toBeUndefined();
		await waitUntilReady(ctx, agent, 30_000);
		await sendPrompt(ctx, 'api-v2', 'write feature.txt first version && commit add the feature', {wait: true, timeoutMs: 30_000});
		await sendPrompt(ctx, 'api-v2', 'write wip.txt half done', {wait: true, timeoutMs: 30_000});
		const worktree = path.join(ctx.root, '.tutti', 'worktrees', 'api-v2');
		await waitFor(() => existsSync(path.join(worktree, 'wip.txt')), {what: 'the demo to write wip.txt'});

		const result = await generateHandoff(ctx, 'api-v2', {reason: 'integration test'});
		packet = result.packet;
		expect(path.dirname(packet)).toBe(ctx.paths.handoffs);
		expect(path.basename(packet)).toMatch(/^api-v2-handoff-\d{8}-\d{6}\.md$/);
		const text = readFileSync(packet, 'utf8');
		expect(text).toContain('### First prompt\n\n```text\nwrite feature.txt first version && commit add the feature\n```');
		expect(text).toContain('### Latest prompt\n\n```text\nwrite wip.txt half done\n```');
		expect(text).toMatch(/## Changed Files \(uncommitted, 1\)\n\n- `\?\?` wip\.txt/);
		expect(text).toMatch(/## Commits Not Yet Landed on main \(1\)\n\n- [0-9a-f]{7} add the feature/);
		expect(text).toContain(`- Working directory: ${worktree} (branch tutti/api-v2)`);
		expect(text).toContain('- Trigger: integration test');
		// The screen's last rows: the demo's answer to the latest prompt is among them.
		expect(text).toMatch(/## Recent Output \(last \d+ non-empty lines of its screen\)/);
		expect(text.split('## Recent Output')[1]).toContain('wip.txt');
		// Written atomically: no temporary file is left beside it.
		expect(readdirSync(ctx.paths.handoffs)).toEqual([path.basename(packet)]);
		expect(events('handoff.generated').map((event) => event.data)).toEqual([{packet, reason: 'integration test', ctx_pct: result.ctx_pct}]);
		expect(listHandoffs(ctx, {agent: 'api-v2'}).map((row) => row.path)).toEqual([packet]);
	});

	it('apply: the running agent receives the packet as one user turn', async () => {
		const result = await applyHandoff(ctx, 'api-v2');
		expect(result).toMatchObject({agent: 'api-v2', packet, replaced: false, conversation: null});
		const received = await waitFor(() => demoPrompts(ctx.root).find((prompt) => prompt.startsWith('Apply this handoff packet')), {what: 'the packet as a user turn', timeoutMs: 30_000});
		expect(received).toContain(`Packet: ${packet}`);
		expect(received).toContain(`--- BEGIN HANDOFF ---\n${readFileSync(packet, 'utf8').trimEnd()}\n--- END HANDOFF ---`);
		expect(events('handoff.applied').map((event) => event.data)).toEqual([{packet, session_name: ctx.sessionOf('api-v2'), replaced: false, runtime: 'demo'}]);
	});

	it('apply --replace: a fresh session (new conversation) gets the packet as its first prompt', async () => {
		await waitUntilReady(ctx, agent, 30_000);
		const before = readAgentSession(ctx.store, 'api-v2')?.session_id;
		const result = await applyHandoff(ctx, 'api-v2', {replace: true});
		expect(result.replaced).toBe(true);
		expect(result.conversation?.kind).toBe('new');
		const after = readAgentSession(ctx.store, 'api-v2')?.session_id;
		expect(after).toBeTruthy();
		expect(after).not.toBe(before);
		const prompts = await waitFor(() => {
			const seen = sessionPrompts(ctx.root, after!);
			return seen.length > 0 ? seen : undefined;
		}, {what: 'the fresh session to log the packet', timeoutMs: 30_000});
		expect(prompts[0]).toMatch(/^Apply this handoff packet/);
		expect(prompts[0]).toContain(`Packet: ${packet}`);
		expect(events('handoff.applied').at(-1)?.data).toEqual({packet, session_name: ctx.sessionOf('api-v2'), replaced: true, runtime: 'demo'});
		expect(events('agent.stopped').some((event) => (event.data as {reason?: string}).reason === 'manual')).toBe(true);
	});

	it('a stopped agent: generate reads its recorded output; apply refuses and says how to start it', async () => {
		// The fresh session's turn on the packet ends first, so its screen is settled in the log.
		await waitUntilReady(ctx, agent, 30_000);
		await stopAgents(ctx, {agents: ['api-v2']});
		const result = await generateHandoff(ctx, 'api-v2', {ctxPct: 42});
		const text = readFileSync(result.packet, 'utf8');
		expect(text).toContain('- Agent: api-v2 (demo, not running)');
		expect(text).toContain('- Context used: 42%');
		expect(text).toContain('(continued from an earlier handoff packet');
		expect(text).toMatch(/non-empty lines of its recorded output \(it is not running\)/);
		await expect(applyHandoff(ctx, 'api-v2')).rejects.toMatchObject({code: 'ERR_AGENT_NOT_RUNNING', hint: expect.stringContaining('tt up api-v2') as unknown});
		await expect(applyHandoff(ctx, 'nope')).rejects.toMatchObject({code: 'ERR_AGENT_UNKNOWN'});
	});
});
