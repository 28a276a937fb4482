import {TuttiError} from '../errors.js';
import {defaultRunner, type RunResult, type Runner} from '../process/runner.js';
import {findExecutable} from '../process/which.js';
import {plural} from './parse.js';

/** Options of {@link checkMergeGate}. */
export type MergeGateOptions = {
	root: string;
	branch: string;
	/** Named in hints (`tt land <agent> --pr`). */
	agent?: string;
	runner?: Runner;
	/** Environment whose PATH is searched for `gh`. @default process.env */
	env?: Readonly<Record<string, string | undefined>>;
};

export type MergeGateResult = {
	pr: {number: number; url: string};
	unresolvedThreads: number;
};

const ghTimeoutMs = 2 * 60_000;
const maxThreadPages = 50;

const threadsQuery = [
	'query($owner: String!, $name: String!, $number: Int!, $after: String) {',
	'  repository(owner: $owner, name: $name) {',
	'    pullRequest(number: $number) {',
	'      reviewThreads(first: 100, after: $after) { nodes { isResolved } pageInfo { hasNextPage endCursor } }',
	'    }',
	'  }',
	'}',
].join('\n');

/** Whether `TT_ENFORCE_MERGE_GATE` is one of 1/true/yes/on (any case), as in the reference. */
export function isMergeGateEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
	return ['1', 'true', 'yes', 'on'].includes((env['TT_ENFORCE_MERGE_GATE'] ?? '').trim().toLowerCase());
}

/** Absolute path of the GitHub CLI, or ERR_GH_MISSING with how to install it. */
export function requireGh(env: Readonly<Record<string, string | undefined>> = process.env): string {
	const gh = findExecutable('gh', env['PATH']);
	if (!gh) {
		throw new TuttiError('ERR_GH_MISSING', 'the GitHub CLI `gh` is not on PATH; pull requests and the merge gate need it', {
			hint: 'install it (https://cli.github.com — e.g. `brew install gh` or `apt install gh`), then run `gh auth login`',
		});
	}
	return gh;
}

/**
 * The merge gate of reference §5.4: the branch needs an open PR whose required checks pass and
 * whose review threads are all resolved. Throws ERR_POLICY saying what blocks it.
 */
export async function checkMergeGate(options: MergeGateOptions): Promise<MergeGateResult> {
	const gh = requireGh(options.env ?? process.env);
	const runner = options.runner ?? defaultRunner;
	const run = async (args: string[], reject = true): Promise<RunResult> =>
		runner.run(gh, args, {
			cwd: options.root,
			reject,
			timeoutMs: ghTimeoutMs,
			errorCode: 'ERR_PROCESS',
			hint: 'check `gh auth status` and that the project has a GitHub remote',
		});
	const {branch} = options;

	const listed = parseJson(await run(['pr', 'list', '--head', branch, '--state', 'open', '--limit', '1', '--json', 'number,url']));
	const first: unknown = Array.isArray(listed) ? listed[0] : undefined;
	const pr = isPr(first) ? {number: first.number, url: first.url} : undefined;
	if (!pr) {
		throw blocked(`merge gate requires an open PR for ${branch}, and there is none`, {
			hint: `open one with \`tt land ${options.agent ?? '<agent>'} --pr\`, or unset TT_ENFORCE_MERGE_GATE to land locally`,
		});
	}

	const checks = await run(['pr', 'checks', String(pr.number), '--required'], false);
	if (checks.exitCode !== 0) {
		// gh exits 8 while checks are still running.
		const state = checks.exitCode === 8 ? 'still pending' : 'not passing';
		throw blocked(`merge gate: required checks on PR #${pr.number} are ${state}`, {
			hint: `see them with \`gh pr checks ${pr.number}\` and land again once they pass`,
			details: {pr, checks: checks.stdout.trim()},
		});
	}

	const repo = (await run(['repo', 'view', '--json', 'nameWithOwner', '--jq', '.nameWithOwner'])).stdout.trim();
	const [owner = '', name = ''] = repo.split('/');
	let unresolvedThreads = 0;
	let after: string | undefined;
	for (let page = 0; page < maxThreadPages; page++) {
		// -f passes strings verbatim (an owner named "123" must stay a string); -F types the PR number.
		const args = ['api', 'graphql', '-f', `query=${threadsQuery}`, '-f', `owner=${owner}`, '-f', `name=${name}`, '-F', `number=${pr.number}`];
		if (after) args.push('-f', `after=${after}`);
		const threads = reviewThreads(parseJson(await run(args)));
		unresolvedThreads += threads.nodes.filter((node) => node.isResolved === false).length;
		if (!threads.pageInfo.hasNextPage || !threads.pageInfo.endCursor) break;
		after = threads.pageInfo.endCursor;
	}
	if (unresolvedThreads > 0) {
		throw blocked(`merge gate: PR #${pr.number} has ${plural(unresolvedThreads, 'unresolved review thread')}`, {
			hint: `resolve them on ${pr.url}, then land again`,
			details: {pr, unresolvedThreads},
		});
	}
	return {pr, unresolvedThreads};
}

type ReviewThreads = {nodes: Array<{isResolved?: boolean}>; pageInfo: {hasNextPage?: boolean; endCursor?: string | null}};

function reviewThreads(data: unknown): ReviewThreads {
	const threads = (data as {data?: {repository?: {pullRequest?: {reviewThreads?: Partial<ReviewThreads>}}}})?.data?.repository?.pullRequest
		?.reviewThreads;
	return {nodes: Array.isArray(threads?.nodes) ? threads.nodes : [], pageInfo: threads?.pageInfo ?? {}};
}

function isPr(value: unknown): value is {number: number; url: string} {
	return typeof value === 'object' && value !== null && typeof (value as {number?: unknown}).number === 'number' && typeof (value as {url?: unknown}).url === 'string';
}

function parseJson(result: RunResult): unknown {
	try {
		return JSON.parse(result.stdout);
	} catch {
		throw new TuttiError('ERR_PROCESS', `\`gh ${result.args.slice(0, 2).join(' ')}\` did not print JSON: ${result.stdout.slice(0, 200)}`, {
			hint: 'update gh (https://cli.github.com) and check `gh auth status`',
		});
	}
}

function blocked(message: string, options: {hint: string; details?: Record<string, unknown>}): TuttiError {
	return new TuttiError('ERR_POLICY', message, options);
}
