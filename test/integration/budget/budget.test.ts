import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {listRuns, runWorkflow, verifyWorkflow, workflowEngine} from '../../../src/core/workflow/index.js';
import {buildServer} from '../../../src/server/index.js';
import {coreActions} from '../../../src/tui/actions.js';
import {WatchStore} from '../../../src/tui/store.js';
import {FakeObserver} from '../../unit/tui/fixtures.js';
import {claudeAssistant, writeLines} from '../../fixtures/usage/logs.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

/**
 * The budget guard (`[budget]`, reference §11.1, for every plan): the same core check before
 * `up`, `send`, `run` and `verify`, from the core, the CLI and the API; warn and enforce; caps in
 * tokens and in dollars; events `budget.threshold` / `budget.blocked`. Usage comes from the demo
 * agent's Claude-format logs, written here for this week.
 */
describe('budget guard', () => {
	const core = makeCoreWorld('budget');
	const toml = [
		'[workspace]\nname = "shop"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "dev"\n[[agent]]\nname = "other"\n',
		'[budget]\nmode = "enforce"\nwarn_threshold_pct = 80\nworkspace_weekly_tokens = 500000\n[budget.agent_weekly_tokens]\ndev = 300000\n[budget.agent_weekly_usd]\nother = 0.01\n',
		'[[workflow]]\nname = "ship"\n[[workflow.step]]\ntype = "command"\nrun = "true"\n',
		'[[workflow]]\nname = "verify"\n[[workflow.step]]\ntype = "command"\nrun = "true"\n',
	].join('\n');
	const ctx = core.workspace('shop', toml);
	// dev: 420k tokens an hour ago (over its 300k); the workspace: 84 % of 500k. The demo agent's
	// own replies (~16k tokens a first turn) add to the workspace as the tests send it prompts.
	const log = (name: string, agent: string, usage: {input: number; output: number; cacheRead?: number}, model = 'demo-model') =>
		writeLines(path.join(ctx.root, '.tutti', 'demo-home', 'projects', `-${agent}`, `${name}.jsonl`), [
			claudeAssistant({cwd: path.join(ctx.root, '.tutti', 'worktrees', agent), sessionId: name, model, timestamp: new Date(Date.now() - 3_600_000).toISOString(), usage, messageId: `m-${name}`, requestId: `r-${name}`}),
		]);
	log('dev-1', 'dev', {input: 2000, output: 18_000, cacheRead: 400_000});
	const events = (name: string) => ctx.store.lastEvents(200).filter((event) => event.event === name);
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('enforce: up of an agent over its cap is refused with error[budget] naming the cap and its key; nothing starts', async () => {
		const [result] = await upAgents(ctx, {agents: ['dev']});
		expect(result?.outcome).toBe('failed');
		expect(result?.error).toMatchObject({code: 'ERR_BUDGET', category: 'budget'});
		expect(result?.error?.message).toBe('agent dev is over its budget (420k tokens of 300k tokens this week, [budget.agent_weekly_tokens] dev); refused up');
		expect(result?.error?.hint).toMatch(/^Raise budget\.agent_weekly_tokens\.dev in tutti\.toml, set \[budget\] mode = "warn", or wait: the week resets in \d/);
		expect(await ctx.services.tmux.paneInfo(ctx.sessionOf('dev'))).toBeUndefined();
		expect(events('budget.blocked').at(-1)).toMatchObject({agent: 'dev', data: {action: 'up', scope: 'agent', unit: 'tokens', used: 420_000, cap: 300_000, key: 'budget.agent_weekly_tokens.dev'}});
	});

	it('enforce: an agent under its caps starts, warned that the workspace is past the threshold (budget.threshold)', async () => {
		const [result] = await upAgents(ctx, {agents: ['other']});
		expect(result?.error).toBeUndefined();
		expect(result?.outcome).toBe('started');
		expect(result?.warnings).toContain('workspace shop budget at ~84% (420k tokens of 500k tokens this week, budget.workspace_weekly_tokens) before up');
		expect(events('budget.threshold').at(-1)).toMatchObject({agent: null, data: {action: 'up', scope: 'workspace', pct: 84, over_cap: false}});
	});

	it('enforce: send, run and verify check the same caps (the scoped agent\'s, or every agent\'s without a scope)', async () => {
		await expect(sendPrompt(ctx, 'dev', 'hello')).rejects.toMatchObject({code: 'ERR_BUDGET', message: expect.stringContaining('refused send')});
		const sent = await sendPrompt(ctx, 'other', 'hello');
		expect(sent.warnings).toEqual([expect.stringContaining('workspace shop budget at ~84%')]);
		await expect(runWorkflow(ctx, {workflow: 'ship', agent: 'dev'})).rejects.toMatchObject({code: 'ERR_BUDGET', message: expect.stringContaining('refused run')});
		await expect(runWorkflow(ctx, {workflow: 'ship'})).rejects.toMatchObject({code: 'ERR_BUDGET'});
		await expect(verifyWorkflow(ctx, {agent: 'dev'})).rejects.toMatchObject({code: 'ERR_BUDGET', message: expect.stringContaining('refused verify')});
		// A refused run leaves nothing in the ledger.
		expect(listRuns(ctx)).toEqual([]);
		const verified = await verifyWorkflow(ctx, {agent: 'other'});
		expect(verified.success).toBe(true);
		expect(verified.budget_warnings).toEqual([expect.stringContaining('before verify')]);
		expect(events('budget.blocked').map((event) => event.data?.['action'])).toEqual(expect.arrayContaining(['up', 'send', 'run', 'verify']));
	});

	it('the API refuses through the same check: send, up, and a run answered before it would start', async () => {
		const app = await buildServer({workspaces: [ctx], workflows: workflowEngine}, {dashboardDir: null});
		try {
			const post = (action: string, body: object) => app.inject({method: 'POST', url: `/v1/actions/${action}`, payload: JSON.stringify({workspace: 'shop', ...body}), headers: {'content-type': 'application/json'}});
			for (const [action, body] of [['send', {agent: 'dev', prompt: 'hi'}], ['up', {agent: 'dev'}], ['run', {workflow: 'ship', agent: 'dev', wait: false}], ['verify', {agent: 'dev'}]] as const) {
				const response = await post(action, body);
				expect(response.statusCode, action).toBe(400);
				expect(response.json(), action).toMatchObject({ok: false, action, error: {code: 'action_failed', tutti_code: 'ERR_BUDGET', message: expect.stringContaining('agent dev is over its budget'), hint: expect.stringContaining('budget.agent_weekly_tokens.dev')}});
			}
			const started = await post('run', {workflow: 'ship', agent: 'other', wait: false});
			expect(started.json()).toMatchObject({ok: true, data: {waited: false, run_id: expect.any(String)}});
		} finally {
			await app.close();
		}
	});

	it('the CLI prints error[budget] with the hint and exits 1', async () => {
		const result = await core.world.tt(['send', 'dev', 'hello'], {cwd: ctx.root});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error[budget]: agent dev is over its budget (420k tokens of 300k tokens this week, [budget.agent_weekly_tokens] dev); refused send');
		expect(result.stderr).toContain('hint: Raise budget.agent_weekly_tokens.dev in tutti.toml');
	});

	it('dollar caps at list prices: a Sonnet reply over the agent\'s $0.01 is refused, naming agent_weekly_usd', async () => {
		// 1,000 output tokens of Sonnet 4.5 at $15/M: $0.015.
		log('other-1', 'other', {input: 0, output: 1000}, 'claude-sonnet-4-5-20250929');
		await expect(sendPrompt(ctx, 'other', 'hello')).rejects.toMatchObject({code: 'ERR_BUDGET', message: 'agent other is over its budget ($0.01 of $0.01 this week, [budget.agent_weekly_usd] other); refused send'});
		expect(events('budget.blocked').at(-1)).toMatchObject({agent: 'other', data: {unit: 'usd', cap: 0.01, key: 'budget.agent_weekly_usd.other'}});
		expect(events('budget.blocked').at(-1)?.data?.['used']).toBeCloseTo(0.015, 9);
	});

	it('warn mode: over the cap is a warning and budget.threshold with over_cap, and the action goes ahead', async () => {
		ctx.config.budget!.mode = 'warn';
		const [result] = await upAgents(ctx, {agents: ['dev']});
		expect(result?.error).toBeUndefined();
		expect(result?.outcome).toBe('started');
		expect(result?.warnings).toContain('agent dev is over its budget (420k tokens of 300k tokens this week, budget.agent_weekly_tokens.dev) before up; [budget] mode = "warn" lets it go on');
		expect(events('budget.threshold').at(-1)).toMatchObject({agent: 'dev', data: {over_cap: true, key: 'budget.agent_weekly_tokens.dev'}});
	});

	it('tt watch says it in the toast of a send (the same core check, its warning shown)', async () => {
		const store = new WatchStore([{ctx, observer: new FakeObserver()}], {batchMs: 5, probe: async () => undefined});
		try {
			const toast = await coreActions(store).send('shop/dev', 'hello');
			// The first warning: the workspace's (checked before the agent's).
			expect(toast).toMatch(/^sent to dev · workspace shop budget at ~\d+% \(\d+k tokens of 500k tokens this week, budget\.workspace_weekly_tokens\) before send$/);
		} finally {
			store.stop();
		}
	});
});
