import {afterAll, describe, expect, it} from 'vitest';
import {HandoffTriggers} from '../../../src/core/handoff/auto.js';
import {autoTriggerPct, listHandoffs} from '../../../src/core/handoff/index.js';
import {saveAgentSession} from '../../../src/core/store/sessions.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

describe('the automatic handoff trigger', () => {
	const core = makeCoreWorld('auto-trigger');
	afterAll(() => core.cleanup());

	it('fires at round(100 − 100 × threshold) % used, as the reference does', () => {
		expect(autoTriggerPct(0.2)).toBe(80);
		expect(autoTriggerPct(0.25)).toBe(75);
		expect(autoTriggerPct(0.125)).toBe(88);
	});

	it('writes once per conversation, and again for a new conversation', async () => {
		const ctx = core.workspace('p', '[workspace]\nname = "p"\n[defaults]\nruntime = "demo"\n[handoff]\nauto = true\n[[agent]]\nname = "dev"\n');
		let pct: number | null = null;
		const triggers = new HandoffTriggers(ctx, {contextPct: async () => pct});
		const conversation = (id: string) => saveAgentSession(ctx.store, {agent: 'dev', runtime: 'demo', session_id: id, workdir: ctx.root, config_dir: ctx.root, launched_at: new Date().toISOString()});
		conversation('c1');
		expect(await triggers.checkContext('dev')).toBeUndefined();
		pct = 79.9;
		expect(await triggers.checkContext('dev')).toBeUndefined();
		pct = 80;
		const first = await triggers.checkContext('dev');
		expect(first).toMatchObject({agent: 'dev', kind: 'handoff', reason: 'auto_ctx_threshold', ctx_pct: 80});
		pct = 95;
		expect(await triggers.checkContext('dev')).toBeUndefined();
		// Another tutti process (a second recorder) with its own trigger: the store's mark holds.
		expect(await new HandoffTriggers(ctx, {contextPct: async () => 99}).checkContext('dev')).toBeUndefined();
		conversation('c2');
		expect(await triggers.checkContext('dev')).toMatchObject({reason: 'auto_ctx_threshold', ctx_pct: 95});
		expect(listHandoffs(ctx, {agent: 'dev'})).toHaveLength(2);
	});

	it('is off unless [handoff] auto = true', async () => {
		const ctx = core.workspace('off', '[workspace]\nname = "off"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "dev"\n');
		const triggers = new HandoffTriggers(ctx, {contextPct: async () => 100});
		triggers.onRecorded('dev', 'idle');
		await triggers.settle();
		expect(listHandoffs(ctx, {})).toEqual([]);
	});
});
