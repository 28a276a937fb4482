import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {lostLease} from './local.js';
import {claimedLabel, isLive, newClaim, parseClaimComment, released, renderClaimComment, renewed, winner, type ClaimRecord} from './record.js';
import {leaseFields, type ClaimBackend, type SelectedIssue} from './types.js';

type Issue = {number: number; title: string; html_url: string; body: string | null; created_at: string; user: {login: string} | null; labels: Array<{name: string}>; pull_request?: unknown};
type Comment = {id: number; body: string; user: {login: string; type: string} | null};
type Claim = {id: number; record: ClaimRecord};

/**
 * Issue-claim leases on GitHub (reference §11.4), through the real `gh` CLI (`gh api`: its host,
 * auth and TLS settings are the user's). A lease is an issue comment holding the claim record,
 * plus the `automation-claimed` label. Race-safe without locks: every claimer posts its comment,
 * then re-reads; the live claim with the lowest comment id (the server's order) wins and the
 * others release theirs.
 */
export function githubBackend(runner: Runner, repo: string, env: NodeJS.ProcessEnv): ClaimBackend {
	const gh = async (args: string[], body?: unknown): Promise<string> => {
		const result = await runner.run('gh', ['api', ...args, ...(body === undefined ? [] : ['--input', '-'])], {input: body === undefined ? undefined : JSON.stringify(body), reject: false, timeoutMs: 60_000});
		if (result.exitCode !== 0) {
			throw new TuttiError('ERR_POLICY', `gh api ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`, {hint: 'Check `gh auth status` and that the repository exists and is reachable.'});
		}
		return result.stdout;
	};
	const json = async <T>(args: string[], body?: unknown): Promise<T> => JSON.parse(await gh(args, body)) as T;
	const base = `repos/${repo}`;
	// Under GitHub Actions only comments by bots or the workflow's actor count (reference §11.4).
	const trusted = (comment: Comment) => {
		if (!env['GITHUB_ACTIONS']) return true;
		const login = comment.user?.login ?? '';
		return comment.user?.type === 'Bot' || login === 'github-actions[bot]' || login === env['GITHUB_ACTOR'];
	};

	const claims = async (issue: number): Promise<Claim[]> => {
		const lines = (await gh(['-X', 'GET', `${base}/issues/${issue}/comments`, '-f', 'per_page=100', '--paginate', '--jq', '.[]'])).split('\n').filter((line) => line.trim() !== '');
		return lines
			.map((line) => JSON.parse(line) as Comment)
			.filter(trusted)
			.flatMap((comment) => {
				const record = parseClaimComment(comment.body ?? '');
				return record ? [{id: comment.id, record}] : [];
			});
	};
	const writeClaim = (id: number, record: ClaimRecord) => json<Comment>(['-X', 'PATCH', `${base}/issues/comments/${id}`], {body: renderClaimComment(record)});
	const removeLabel = async (issue: number) => {
		// Already gone (another run removed it): fine.
		await gh(['-X', 'DELETE', `${base}/issues/${issue}/labels/${claimedLabel}`]).catch(() => undefined);
	};
	/** Releases the expired claims of an issue; true when a live claim remains. */
	const releaseStale = async (issue: number, now: Date): Promise<{live: boolean; released: Claim[]}> => {
		const all = await claims(issue);
		const stale = all.filter((claim) => claim.record.status === 'active' && !isLive(claim.record, now));
		for (const claim of stale) await writeClaim(claim.id, released(claim.record, 'lease expired', now));
		return {live: winner(all, now) !== undefined, released: stale};
	};
	const milestoneNumber = async (milestone: string): Promise<string> => {
		if (/^\d+$/.test(milestone) || milestone === '*' || milestone === 'none') return milestone;
		const found = (await json<Array<{number: number; title: string}>>(['-X', 'GET', `${base}/milestones`, '-f', 'state=open', '-f', 'per_page=100'])).find((entry) => entry.title === milestone);
		if (!found) throw new TuttiError('ERR_POLICY', `no open milestone titled ${JSON.stringify(milestone)} in ${repo}`, {hint: 'Pass its number or exact title.'});
		return String(found.number);
	};
	const toSelected = (issue: Issue, claim: Claim): SelectedIssue => ({
		backend: 'github',
		repo,
		issue_key: String(issue.number),
		issue_number: issue.number,
		title: issue.title,
		url: issue.html_url,
		labels: issue.labels.map((label) => label.name),
		author: issue.user?.login ?? null,
		created_at: issue.created_at,
		body: issue.body ?? '',
		...leaseFields(claim),
	});
	const ownClaim = async (state: SelectedIssue): Promise<Claim> => {
		const claim = (await claims(Number(state.issue_key))).find((candidate) => candidate.id === state.claim_comment_id);
		if (!claim) throw lostLease(state);
		return claim;
	};

	return {
		async acquire(options) {
			const query = ['-X', 'GET', `${base}/issues`, '-f', 'state=open', '-f', `labels=${options.label}`, '-f', 'per_page=100', '-f', 'sort=created', '-f', 'direction=asc'];
			if (options.milestone !== undefined) query.push('-f', `milestone=${await milestoneNumber(options.milestone)}`);
			const issues = (await json<Issue[]>(query)).filter((issue) => issue.pull_request === undefined);
			const byAge = (a: Issue, b: Issue) => a.created_at.localeCompare(b.created_at) || a.number - b.number;
			const labelled = (issue: Issue) => issue.labels.some((label) => label.name === claimedLabel);
			let candidates = issues.filter((issue) => !labelled(issue)).sort(byAge);
			if (candidates.length === 0) {
				// Everything is labelled: claims left behind by runs that died are stale; free those issues.
				for (const issue of issues.filter(labelled).sort(byAge)) {
					const {live} = await releaseStale(issue.number, new Date());
					if (!live) {
						await removeLabel(issue.number);
						candidates.push(issue);
					}
				}
			}
			candidates = candidates.sort(byAge);
			for (const issue of candidates) {
				await json(['-X', 'POST', `${base}/issues/${issue.number}/labels`], {labels: [claimedLabel]});
				const record = newClaim(options.runId, options.ttlSecs, new Date());
				const posted = await json<Comment>(['-X', 'POST', `${base}/issues/${issue.number}/comments`], {body: renderClaimComment(record)});
				const mine: Claim = {id: posted.id, record};
				const held = winner(await claims(issue.number), new Date());
				if (held?.id === mine.id) return toSelected(issue, mine);
				// Someone claimed it first (a lower comment id): step back and try the next issue. Having
				// freed a stale-looking issue just before, this run may have taken the winner's label off.
				await writeClaim(mine.id, released(record, 'lost claim race', new Date()));
				if (held) await json(['-X', 'POST', `${base}/issues/${issue.number}/labels`], {labels: [claimedLabel]});
			}
			return undefined;
		},
		async heartbeat(state) {
			const claim = await ownClaim(state);
			const now = new Date();
			if (!isLive(claim.record, now)) throw lostLease(state);
			const record = renewed(claim.record, now);
			await writeClaim(claim.id, record);
			return {...state, last_heartbeat_at: record.last_heartbeat_at, claim_status: 'active'};
		},
		async release(state, reason) {
			const issue = Number(state.issue_key);
			const claim = await ownClaim(state);
			const now = new Date();
			if (claim.record.status === 'active') await writeClaim(claim.id, released(claim.record, reason, now));
			if (winner(await claims(issue), now) === undefined) await removeLabel(issue);
			return {...state, claim_status: 'released'};
		},
		async sweep() {
			const issues = await json<Issue[]>(['-X', 'GET', `${base}/issues`, '-f', 'state=open', '-f', `labels=${claimedLabel}`, '-f', 'per_page=100']);
			const result: Awaited<ReturnType<ClaimBackend['sweep']>> = {released: [], labels_removed: []};
			for (const issue of issues.filter((entry) => entry.pull_request === undefined)) {
				const {live, released: stale} = await releaseStale(issue.number, new Date());
				result.released.push(...stale.map((claim) => ({issue_key: String(issue.number), run_id: claim.record.run_id})));
				if (!live) {
					await removeLabel(issue.number);
					result.labels_removed.push(String(issue.number));
				}
			}
			return result;
		},
	};
}

/** The repository: `--repo`, `$GITHUB_REPOSITORY`, else what `gh repo view` says for the folder. */
export async function resolveRepo(runner: Runner, cwd: string, env: NodeJS.ProcessEnv, repo?: string): Promise<string> {
	const named = repo ?? env['GITHUB_REPOSITORY'];
	if (named !== undefined && named !== '') {
		if (!/^[\w.-]+\/[\w.-]+$/.test(named)) throw new TuttiError('ERR_USAGE', `not a repository name: ${JSON.stringify(named)}`, {hint: 'Use owner/name.'});
		return named;
	}
	const result = await runner.run('gh', ['repo', 'view', '--json', 'nameWithOwner', '-q', '.nameWithOwner'], {cwd, reject: false, timeoutMs: 60_000});
	const name = result.stdout.trim();
	if (result.exitCode !== 0 || !/^[\w.-]+\/[\w.-]+$/.test(name)) {
		throw new TuttiError('ERR_POLICY', 'cannot tell which GitHub repository this is', {hint: 'Pass --repo owner/name, set GITHUB_REPOSITORY, or use --backend local with --issue <item>.'});
	}
	return name;
}
