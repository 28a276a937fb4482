import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {workspaceStatus} from '../../../src/core/agents/status.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/** The recorder finds collisions between worktrees, announces each new one once, and status reports them without running git. */
describe('conflict warnings from the recorder', () => {
	const core = makeCoreWorld('conflicts');
	let ctx: WorkspaceContext;
	let observer: WorkspaceObserver;
	const wt = (agent: string) => path.join(ctx.root, '.tutti', 'worktrees', agent);
	const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {cwd, stdio: 'pipe'});

	beforeAll(async () => {
		ctx = core.workspace('project', '[workspace]\nname = "conf"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "alice"\n[[agent]]\nname = "bob"\n[[agent]]\nname = "carol"\n');
		for (const agent of ['alice', 'bob', 'carol']) git(ctx.root, 'worktree', 'add', '-q', '-b', `tutti/${agent}`, wt(agent));
		writeFileSync(path.join(wt('alice'), 'README.md'), '# alice was here\n');
		git(wt('alice'), 'commit', '-q', '-am', 'alice');
		writeFileSync(path.join(wt('bob'), 'README.md'), '# bob was here\n');
		observer = new WorkspaceObserver(ctx, {pollMs: 200});
		await observer.start();
	});
	afterAll(async () => {
		await observer?.stop();
		core.cleanup();
	});

	it('one conflict.detected event for the new conflict, and the collisions in tt status --json', async () => {
		const event = await waitFor(() => ctx.store.lastEvents(50).find((entry) => entry.event === 'conflict.detected'), {timeoutMs: 20_000, what: 'a conflict.detected event'});
		expect(event.data).toEqual({kind: 'conflict', agents: ['alice', 'bob'], files: ['README.md'], target: 'main'});
		const statuses = new Map((await workspaceStatus(ctx)).map((status) => [status.name, status]));
		expect(statuses.get('bob')?.collisions).toMatchObject({with_target: [], with_agents: [{agent: 'alice', overlapping: ['README.md'], conflicts: ['README.md'], manifests: []}]});
		expect(statuses.get('carol')?.collisions).toMatchObject({with_target: [], with_agents: []});
		expect(ctx.store.lastEvents(50).filter((entry) => entry.event === 'conflict.detected')).toHaveLength(1);
	});
});
