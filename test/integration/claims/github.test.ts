import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {newClaim, parseClaimComment, renderClaimComment} from '../../../src/core/claims/record.js';
import {startMockGithub} from '../../helpers/mock-github.js';
import {makeWorld} from '../../helpers/tt.js';

const repo = 'acme/widgets';
const day = (n: number) => `2026-01-${String(n).padStart(2, '0')}T00:00:00Z`;

/** `tt issue-claim` with the real `gh` against a local mock of the GitHub API. */
describe('issue-claim leases on GitHub (real gh, mock API)', () => {
	const world = makeWorld('claims');
	let mock: Awaited<ReturnType<typeof startMockGithub>>;
	const tt = (...args: string[]) => world.tt(args, {env: mock.env});
	/** State files of the acquirers that won in the concurrent test (which ones win is up to the race). */
	const winners: string[] = [];
	const claimsOn = (issue: number) => mock.comments.filter((comment) => comment.issue === issue).map((comment) => ({id: comment.id, record: parseClaimComment(comment.body)!}));

	beforeAll(async () => {
		// Tokens of the developer's own gh must not reach the mock (or GitHub).
		for (const name of ['GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_REPOSITORY', 'GITHUB_ACTIONS', 'GITHUB_RUN_ID']) delete world.env[name];
		mock = await startMockGithub(world.dir, {
			repo,
			issues: [
				{number: 7, title: 'newer', body: 'b7', created_at: day(5), labels: ['agent-ops']},
				{number: 3, title: 'oldest \u001b[31mred', body: 'b3', created_at: day(1), labels: ['agent-ops']},
				{number: 9, title: 'other label', body: 'b9', created_at: day(1), labels: ['docs']},
				{number: 30, title: 'the only one', body: '', created_at: day(1), labels: ['solo']},
			],
		});
	});
	afterAll(async () => {
		// The folder goes even when the mock never started (gh or openssl missing).
		try {
			await mock?.close();
		} finally {
			world.cleanup();
		}
	});

	it('two concurrent acquirers of one issue: exactly one wins', async () => {
		const results = await Promise.all(['s1', 's2'].map((name) => tt('issue-claim', 'acquire', '--repo', repo, '--label', 'solo', '--output', path.join(world.dir, `${name}.json`))));
		expect(results.map((result) => result.code).sort()).toEqual([0, 1]);
		expect(claimsOn(30).filter((claim) => claim.record.status === 'active')).toHaveLength(1);
		expect(mock.issues.get(30)?.labels).toContain('automation-claimed');
	});

	it('three concurrent acquirers of two issues: each issue goes to exactly one, oldest first, and a third finds none', async () => {
		const out = (name: string) => path.join(world.dir, `${name}.json`);
		const results = await Promise.all(['a', 'b', 'c'].map((name) => tt('issue-claim', 'acquire', '--repo', repo, '--label', 'agent-ops', '--output', out(name), '--lease-ttl-secs', '600')));
		const won = results.filter((result) => result.code === 0);
		expect(won).toHaveLength(2);
		const lost = results.find((result) => result.code !== 0)!;
		expect(lost.code).toBe(1);
		expect(lost.stderr).toContain('error[policy]: no open issue labelled "agent-ops" is free to claim');
		winners.push(...won.map((result) => result.stdout.trim()));
		const states = won.map((result) => JSON.parse(readFileSync(result.stdout.trim(), 'utf8')) as {issue_number: number; claim_status: string; claim_comment_id: number; title: string});
		expect(states.map((state) => state.issue_number).sort()).toEqual([3, 7]);
		for (const state of states) {
			// Exactly one live claim per issue, and it is the one the winner wrote down.
			const live = claimsOn(state.issue_number).filter((claim) => claim.record.status === 'active');
			expect(live.map((claim) => claim.id)).toEqual([state.claim_comment_id]);
			expect(mock.issues.get(state.issue_number)?.labels).toContain('automation-claimed');
		}
		// Every losing comment says why it stepped back.
		for (const claim of [...claimsOn(3), ...claimsOn(7)].filter((entry) => entry.record.status === 'released')) expect(claim.record.release_reason).toBe('lost claim race');
		// The issue title from GitHub is printed without its escape sequence.
		const oldest = won.find((result) => result.stderr.includes('#3'))!;
		expect(oldest.stderr).not.toContain('\u001b');
	});

	it('heartbeat renews the lease in the comment; release frees the issue and drops the label', async () => {
		const state = winners[0]!;
		const before = JSON.parse(readFileSync(state, 'utf8')) as {issue_number: number; last_heartbeat_at: string; claim_comment_id: number};
		const beat = await tt('issue-claim', 'heartbeat', '--state', state, '--json');
		expect(beat.code, beat.stderr).toBe(0);
		const after = JSON.parse(beat.stdout) as {last_heartbeat_at: string};
		expect(after.last_heartbeat_at >= before.last_heartbeat_at).toBe(true);
		const record = claimsOn(before.issue_number).find((claim) => claim.id === before.claim_comment_id)!.record;
		expect(record.last_heartbeat_at).toBe(after.last_heartbeat_at);
		expect(record.events.map((event) => event.kind)).toEqual(['Acquired', 'Renewed']);

		const released = await tt('issue-claim', 'release', '--state', state, '--reason', 'done here');
		expect(released.code, released.stderr).toBe(0);
		expect(JSON.parse(readFileSync(state, 'utf8')).claim_status).toBe('released');
		expect(claimsOn(before.issue_number).find((claim) => claim.id === before.claim_comment_id)!.record).toMatchObject({status: 'released', release_reason: 'done here'});
		expect(mock.issues.get(before.issue_number)?.labels).not.toContain('automation-claimed');
		// A released claim cannot be renewed.
		const again = await tt('issue-claim', 'heartbeat', '--state', state);
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('was released');
	});

	it('sweep releases expired claims and drops the label; acquire takes over an issue whose claim expired', async () => {
		mock.issues.set(20, {number: 20, title: 'abandoned', body: '', created_at: day(2), labels: ['agent-ops', 'automation-claimed']});
		const stale = newClaim('crashed-run', 60, new Date(Date.now() - 3600_000));
		mock.comments.push({id: 1, issue: 20, body: renderClaimComment(stale), user: 'tutti-bot'});
		const swept = await tt('issue-claim', 'sweep', '--repo', repo, '--json');
		expect(swept.code, swept.stderr).toBe(0);
		expect(JSON.parse(swept.stdout)).toMatchObject({released: expect.arrayContaining([{issue_key: '20', run_id: 'crashed-run'}]), labels_removed: expect.arrayContaining(['20'])});
		expect(claimsOn(20)[0]?.record).toMatchObject({status: 'released', release_reason: 'lease expired'});
		expect(mock.issues.get(20)?.labels).toEqual(['agent-ops']);

		// Every issue with the label is claimed, one of them by a run that died: acquire takes that one over.
		mock.issues.set(21, {number: 21, title: 'left behind', body: '', created_at: day(3), labels: ['takeover', 'automation-claimed']});
		mock.comments.push({id: 2, issue: 21, body: renderClaimComment(stale), user: 'tutti-bot'});
		const taken = await tt('issue-claim', 'acquire', '--repo', repo, '--label', 'takeover', '--output', path.join(world.dir, 't.json'), '--json');
		expect(taken.code, taken.stderr).toBe(0);
		expect(JSON.parse(taken.stdout)).toMatchObject({issue_number: 21, claim_status: 'active'});
		expect(claimsOn(21).map((claim) => claim.record.status)).toEqual(['released', 'active']);
	});

	it('bad credentials are a policy error naming gh, not a crash', async () => {
		const result = await world.tt(['issue-claim', 'acquire', '--repo', repo], {env: {...mock.env, GH_ENTERPRISE_TOKEN: 'wrong'}});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/error\[policy\]: gh api .* failed: .*Bad credentials/);
	});
});
