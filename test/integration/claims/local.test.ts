import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {localClaims} from '../../../src/core/store/issue-claims.js';
import {Store} from '../../../src/core/store/store.js';
import {makeWorld, ttBin} from '../../helpers/tt.js';

/** `tt issue-claim` with the local backend: leases on named work items in the workspace store. */
describe('issue-claim leases in the store (no GitHub)', () => {
	const world = makeWorld('lclaim');
	const project = path.join(world.dir, 'project');
	const tt = (...args: string[]) => world.tt(args, {cwd: project});
	const claims = () => {
		const store = new Store(path.join(project, '.tutti', 'state', 'tutti.db'));
		try {
			return localClaims(store);
		} finally {
			store.close();
		}
	};

	beforeAll(() => {
		mkdirSync(project, {recursive: true});
		// A workflow that claims an item in its first step and then works longer than a third of the lease.
		const acquire = `'${process.execPath}' '${ttBin}' issue-claim acquire --issue job-1 --lease-ttl-secs 10 --output .tutti/state/auto/job.json`;
		writeFileSync(
			path.join(project, 'tutti.toml'),
			`[workspace]\nname = "lclaim"\n\n[[workflow]]\nname = "job"\nclaim_heartbeat = ".tutti/state/auto/job.json"\n[[workflow.step]]\ntype = "command"\nrun = ${JSON.stringify(acquire)}\n[[workflow.step]]\ntype = "command"\nrun = "sleep 6"\n`,
		);
	});
	afterAll(() => world.cleanup());

	it('six processes acquiring at once: each of two items goes to exactly one', async () => {
		const results = await Promise.all(Array.from({length: 6}, (_, index) => tt('issue-claim', 'acquire', '--issue', 'alpha', '--issue', 'beta', '--output', `.tutti/state/auto/claim-${index}.json`, '--json')));
		const won = results.filter((result) => result.code === 0).map((result) => JSON.parse(result.stdout) as {issue_key: string; backend: string});
		expect(won.map((claim) => claim.issue_key).sort()).toEqual(['alpha', 'beta']);
		expect(won.every((claim) => claim.backend === 'local')).toBe(true);
		for (const result of results.filter((entry) => entry.code !== 0)) expect(result.stderr).toContain('error[policy]: every named work item is claimed by a live lease');
		expect(claims().map((claim) => [claim.issue, claim.record.status])).toEqual([
			['alpha', 'active'],
			['beta', 'active'],
		]);
	});

	it('heartbeat renews, release frees the item for the next acquirer, the default state path is in the workspace', async () => {
		const first = await tt('issue-claim', 'acquire', '--issue', 'gamma');
		expect(first.code, first.stderr).toBe(0);
		const state = path.join(project, '.tutti', 'state', 'auto', 'selected_issue.json');
		expect(first.stdout.trim()).toBe(state);
		expect((await tt('issue-claim', 'heartbeat')).stdout).toContain('renewed the claim on gamma');
		expect(claims().find((claim) => claim.issue === 'gamma')?.record.events.map((event) => event.kind)).toEqual(['Acquired', 'Renewed']);
		expect((await tt('issue-claim', 'acquire', '--issue', 'gamma', '--output', 'other.json')).code).toBe(1);
		expect((await tt('issue-claim', 'release', '--reason', 'shipped')).code).toBe(0);
		expect(JSON.parse(readFileSync(state, 'utf8')).claim_status).toBe('released');
		const next = await tt('issue-claim', 'acquire', '--issue', 'gamma', '--output', 'other.json', '--json');
		expect(next.code, next.stderr).toBe(0);
		// The old state file names a claim that is no longer the item's: it cannot be renewed.
		writeFileSync(state, readFileSync(state, 'utf8').replace('"released"', '"active"'));
		const stale = await tt('issue-claim', 'heartbeat');
		expect(stale.code).toBe(1);
		expect(stale.stderr).toContain('is no longer held by run');
	});

	it('a state file that is not a claim is refused', async () => {
		writeFileSync(path.join(project, 'junk.json'), '{"issue_key": 1}');
		const result = await tt('issue-claim', 'heartbeat', '--state', 'junk.json');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('is not a claim state written by tt issue-claim acquire');
	});

	it('claim_heartbeat: a run renews the claim its own step acquired, every third of the lease, while it runs', async () => {
		const run = await tt('run', 'job', '--json');
		expect(run.code, run.stderr).toBe(0);
		const claim = claims().find((entry) => entry.issue === 'job-1')!;
		expect(claim.record.status).toBe('active');
		const renewals = claim.record.events.filter((event) => event.kind === 'Renewed');
		expect(renewals.length).toBeGreaterThanOrEqual(1);
		// The lease (10 s) never ran out during the run, and the state file follows the renewals.
		expect(Date.parse(claim.record.last_heartbeat_at) - Date.parse(claim.record.claimed_at)).toBeGreaterThanOrEqual(3300);
		expect(JSON.parse(readFileSync(path.join(project, '.tutti', 'state', 'auto', 'job.json'), 'utf8')).last_heartbeat_at).toBe(claim.record.last_heartbeat_at);
	});
});
