import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {logUsageReader} from '../../../src/cli/usage-source.js';
import {GlobalConfigSchema} from '../../../src/core/config/schema-global.js';
import {profileWindows} from '../../../src/core/profiles/windows.js';
import {writeWindowLogs} from '../../fixtures/usage/windows.js';
import {makeServerWorld} from '../../integration/server/world.js';

describe('GET /v1/usage/windows (the dashboard top bar)', () => {
	const world = makeServerWorld('windows');
	afterAll(() => world.cleanup());

	it('answers each profile\'s 5-hour block and weekly window, the figures tt usage --windows prints, without the block history', async () => {
		world.addWorkspace('alpha');
		const claudeDir = path.join(world.dir, 'claude-work');
		writeWindowLogs(claudeDir, Date.now());
		const global = GlobalConfigSchema.parse({profile: [{name: 'work', provider: 'anthropic', command: 'claude', plan: 'max', env: {CLAUDE_CONFIG_DIR: claudeDir}}, {name: 'spare', provider: 'openai', command: 'codex'}]});
		const env = {HOME: path.join(world.dir, 'nobody')};
		const app = await world.build({core: {usage: logUsageReader(global, env)}});
		const body = (await app.inject({url: '/v1/usage/windows'})).json();
		expect(body).toMatchObject({ok: true, action: 'usage.windows', error: null});
		const direct = await profileWindows(global, env);
		expect(body.data).toEqual(direct.map(({profile, plan, block, week}) => ({profile, plan, block: {...block, resets_in_ms: block.active ? expect.any(Number) : null}, week: {...week, resets_in_ms: expect.any(Number)}})));
		expect(body.data[0]).toMatchObject({profile: 'work', block: {active: true}});
		expect(body.data[0].block.tokens.total_tokens).toBeGreaterThan(0);
		expect(body.data[1]).toMatchObject({profile: 'spare', block: {active: false}});
		expect(body.data[0]).not.toHaveProperty('blocks');
		// Without a usage reader the list is empty, not an error.
		const bare = await world.build();
		expect((await bare.inject({url: '/v1/usage/windows'})).json()).toMatchObject({ok: true, data: []});
	});
});
