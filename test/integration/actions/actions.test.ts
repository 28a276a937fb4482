import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {landAgent, requestReview, restartAgent, stopAgents} from '../../../src/core/actions/index.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/** The use cases every surface calls: hooks, events and refusals are the same whoever asks. */
describe('core actions', () => {
	const core = makeCoreWorld('actions');
	afterAll(() => core.cleanup());
	const toml = [
		'[workspace]\nname = "acts"\n',
		'[defaults]\nruntime = "demo"\nworktree = true\n',
		'[[agent]]\nname = "dev"\n',
		'[[agent]]\nname = "rev"\n',
		'[[hook]]\nevent = "agent_stop"\nrun = "echo stopped >> stop-hooks.log"\n',
	].join('\n');
	const ctx = core.workspace('acts', toml);
	const events = (name: string) => ctx.store.lastEvents(500).filter((event) => event.event === name);

	it('stop runs the agent_stop hooks (as tt down, d in tt watch and the API all do)', async () => {
		await upAgents(ctx, {agents: ['dev']});
		const [result] = await stopAgents(ctx, {agents: ['dev']});
		expect(result).toMatchObject({agent: 'dev', stopped: true});
		expect(result?.error).toBeUndefined();
		expect(readFileSync(path.join(ctx.root, 'stop-hooks.log'), 'utf8')).toBe('stopped\n');
	});

	it('restart stops with hooks, then starts again', async () => {
		await upAgents(ctx, {agents: ['dev']});
		const {stopped, started} = await restartAgent(ctx, 'dev');
		expect(stopped?.stopped).toBe(true);
		expect(started?.outcome).toBe('started');
		expect(readFileSync(path.join(ctx.root, 'stop-hooks.log'), 'utf8')).toBe('stopped\nstopped\n');
	});

	it('review refuses a self-review everywhere, and says when there is nothing to review', async () => {
		await expect(requestReview(ctx, 'dev', 'dev')).rejects.toMatchObject({code: 'ERR_USAGE', message: 'an agent cannot review its own work'});
		expect(await requestReview(ctx, 'dev', 'rev')).toEqual({agent: 'dev', reviewer: 'rev', packet: null, sent: false});
	});

	it('land emits one agent.landed of one shape', async () => {
		const worktree = path.join(ctx.root, '.tutti', 'worktrees', 'dev');
		await waitFor(() => existsSync(worktree), {what: 'worktree'});
		execFileSync('sh', ['-c', 'echo hi > feature.txt && git add feature.txt && git -c user.name=T -c user.email=t@e commit -qm "feat: hi"'], {cwd: worktree});
		const result = await landAgent(ctx, 'dev');
		expect(result.landed.map((commit) => commit.subject)).toEqual(['feat: hi']);
		const landed = events('agent.landed');
		expect(landed).toHaveLength(1);
		expect(landed[0]?.data).toEqual({branch: 'tutti/dev', target: 'main', landed: [result.landed[0]?.hash], pr: null});
		await stopAgents(ctx, {});
	});
});
