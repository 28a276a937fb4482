import {readFileSync} from 'node:fs';
import type {Runner} from '../process/runner.js';
import {Git} from './git.js';
import {findOpenPr, ghRunner, parseJson} from './merge-gate.js';
import {plural} from './parse.js';
import {buildReviewPacket} from './review.js';
import {unlandedCommits} from './unsaved.js';

export type PullRequestOptions = {
	root: string;
	agent: string;
	branch: string;
	/** The PR's base: the project root's branch. */
	target: string;
	runner?: Runner | undefined;
	env?: Readonly<Record<string, string | undefined>> | undefined;
};

export type OpenedPullRequest = {url: string | undefined; number: number | undefined; output: string; created: boolean};

/** GitHub refuses a PR body over 65,536 characters; the packet is cut below that, saying so. */
const maxBodyChars = 60_000;

/**
 * `tt land --pr`: pushes the branch and opens a pull request through `gh api` whose body is the
 * agent's review packet (the same file `tt review` writes), so reviewers on GitHub see what a
 * reviewer agent would. A PR already open for the branch is reported, not duplicated.
 */
export async function openPullRequest(options: PullRequestOptions): Promise<OpenedPullRequest> {
	const {root, agent, branch, target} = options;
	const gh = ghRunner(options);
	const git = new Git(root, options.runner);
	await git.push('origin', branch, {setUpstream: true});
	const existing = await findOpenPr(gh, branch);
	if (existing) return {url: existing.url, number: existing.number, output: `a pull request for ${branch} is already open: ${existing.url}`, created: false};

	const pending = await unlandedCommits(git, 'HEAD', branch);
	const title = pending.length === 1 ? pending[0]!.subject : pending.length === 0 ? `${agent}: ${branch}` : `${agent}: ${plural(pending.length, 'commit')} from ${branch}`;
	const packet = await buildReviewPacket({root, agent, branch, runner: options.runner});
	const text = packet.path ? readFileSync(packet.path, 'utf8') : `No changes in ${branch} beyond ${target}.`;
	const body = text.length > maxBodyChars ? `${text.slice(0, maxBodyChars)}\n\n[… review packet cut at ${maxBodyChars} characters; the full one is ${packet.path ?? ''} …]\n` : text;
	const created = parseJson(await gh(['api', '--method', 'POST', 'repos/{owner}/{repo}/pulls', '-f', `title=${title}`, '-f', `head=${branch}`, '-f', `base=${target}`, '-f', `body=${body}`])) as {
		number?: number;
		html_url?: string;
	};
	const url = typeof created.html_url === 'string' ? created.html_url : undefined;
	return {url, number: typeof created.number === 'number' ? created.number : undefined, output: `opened pull request${created.number ? ` #${created.number}` : ''} for ${branch}${url ? `: ${url}` : ''}`, created: true};
}
