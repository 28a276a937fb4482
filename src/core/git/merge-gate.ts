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

/** A required check that is not green: `state` is the conclusion, or `pending` while it runs. */
export type GateCheck = {name: string; state: string};
/** An unresolved review thread: where, and its first comment. */
export type GateThread = {path: string | null; line: number | null; author: string | null; body: string};

export type MergeGateResult = {
	pr: {number: number; url: string};
	unresolvedThreads: number;
	/** Names of the required checks, all green. */
	requiredChecks: string[];
};

/** What the gate found wrong with the code (not with the setup): a send-back for its author. */
export type GateFailure = {reason: 'checks' | 'threads'; files: string[]; detail: string};

const ghTimeoutMs = 2 * 60_000;
const maxThreadPages = 50;
const greenConclusions = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);

/** One GraphQL query: the head commit's checks (with whether each is required) and a page of review threads. */
const gateQuery = [
	'query($owner: String!, $name: String!, $number: Int!, $after: String) {',
	'  repository(owner: $owner, name: $name) {',
	'    pullRequest(number: $number) {',
	'      commits(last: 1) { nodes { commit { statusCheckRollup { contexts(first: 100) { nodes { __typename',
	'        ... on CheckRun { name status conclusion isRequired(pullRequestNumber: $number) }',
	'        ... on StatusContext { context state isRequired(pullRequestNumber: $number) } } } } } } }',
	'      reviewThreads(first: 100, after: $after) {',
	'        nodes { isResolved path line comments(first: 1) { nodes { body author { login } } } }',
	'        pageInfo { hasNextPage endCursor }',
	'      }',
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

/** Runs `gh` in the project (its remotes name the repository for `{owner}/{repo}`). */
export function ghRunner(options: {root: string; runner?: Runner | undefined; env?: Readonly<Record<string, string | undefined>> | undefined}) {
	const gh = requireGh(options.env ?? process.env);
	const runner = options.runner ?? defaultRunner;
	return async (args: string[], reject = true): Promise<RunResult> =>
		runner.run(gh, args, {cwd: options.root, reject, timeoutMs: ghTimeoutMs, errorCode: 'ERR_PROCESS', hint: 'check `gh auth status` and that the project has a GitHub remote'});
}

/** The open PR whose head is `branch` in the project's repository, through the REST API. */
export async function findOpenPr(gh: ReturnType<typeof ghRunner>, branch: string): Promise<{number: number; url: string; owner: string; name: string} | undefined> {
	const listed = parseJson(await gh(['api', `repos/{owner}/{repo}/pulls?state=open&per_page=1&head={owner}:${encodeURIComponent(branch)}`]));
	const first = (Array.isArray(listed) ? listed[0] : undefined) as {number?: unknown; html_url?: unknown; base?: {repo?: {name?: unknown; owner?: {login?: unknown}}}} | undefined;
	if (typeof first?.number !== 'number' || typeof first.html_url !== 'string') return undefined;
	return {number: first.number, url: first.html_url, owner: String(first.base?.repo?.owner?.login ?? ''), name: String(first.base?.repo?.name ?? '')};
}

/**
 * The merge gate of reference §5.4, through `gh api`: the branch needs an open PR whose required
 * checks are green and whose review threads are all resolved. Throws ERR_POLICY saying what
 * blocks it (`details.blocker`: `no_pr`, `checks` or `threads`, with the checks or threads).
 */
export async function checkMergeGate(options: MergeGateOptions): Promise<MergeGateResult> {
	const gh = ghRunner(options);
	const {branch} = options;
	const pr = await findOpenPr(gh, branch);
	if (!pr) {
		throw blocked(`merge gate requires an open PR for ${branch}, and there is none`, {
			hint: `open one with \`tt land ${options.agent ?? '<agent>'} --pr\`, or unset TT_ENFORCE_MERGE_GATE to land locally`,
			details: {blocker: 'no_pr'},
		});
	}
	const required: GateCheck[] = [];
	const threads: GateThread[] = [];
	let after: string | undefined;
	for (let page = 0; page < maxThreadPages; page++) {
		// -f passes strings verbatim (an owner named "123" must stay a string); -F types the PR number.
		const args = ['api', 'graphql', '-f', `query=${gateQuery}`, '-f', `owner=${pr.owner}`, '-f', `name=${pr.name}`, '-F', `number=${pr.number}`];
		if (after) args.push('-f', `after=${after}`);
		const data = parseJson(await gh(args)) as GateData;
		const pull = data?.data?.repository?.pullRequest;
		if (page === 0) required.push(...requiredChecks(pull));
		const reviewThreads = pull?.reviewThreads;
		for (const node of reviewThreads?.nodes ?? []) if (node.isResolved === false) threads.push(threadOf(node));
		if (!reviewThreads?.pageInfo?.hasNextPage || !reviewThreads.pageInfo.endCursor) break;
		after = reviewThreads.pageInfo.endCursor;
	}
	const red = required.filter((check) => check.state !== 'SUCCESS');
	if (red.length > 0) {
		const pending = red.every((check) => check.state === 'pending');
		throw blocked(`merge gate: required checks on PR #${pr.number} are ${pending ? 'still pending' : 'not passing'}: ${red.map((check) => `${check.name} (${check.state.toLowerCase()})`).join(', ')}`, {
			hint: `see them with \`gh pr checks ${pr.number}\` and land again once they pass`,
			details: {blocker: 'checks', pending, pr, checks: red},
		});
	}
	if (threads.length > 0) {
		throw blocked(`merge gate: PR #${pr.number} has ${plural(threads.length, 'unresolved review thread')}`, {
			hint: `resolve them on ${pr.url}, then land again`,
			details: {blocker: 'threads', pr, unresolvedThreads: threads.length, threads},
		});
	}
	return {pr: {number: pr.number, url: pr.url}, unresolvedThreads: 0, requiredChecks: required.map((check) => check.name)};
}

/**
 * A gate error the PR's author can act on — failing checks, unresolved threads — as a send-back;
 * undefined for anything else (no PR, gh missing, checks still running).
 */
export function gateFailure(error: unknown): GateFailure | undefined {
	if (!(error instanceof TuttiError) || error.code !== 'ERR_POLICY') return undefined;
	const details = error.details as {blocker?: string; pending?: boolean; threads?: GateThread[]} | undefined;
	if (details?.blocker === 'checks' && !details.pending) return {reason: 'checks', files: [], detail: error.message.replace(/^merge gate: /, '')};
	if (details?.blocker !== 'threads') return undefined;
	const threads = details.threads ?? [];
	const lines = threads.map((thread) => `- ${thread.path ?? '(no file)'}${thread.line ? `:${thread.line}` : ''}${thread.author ? ` (${thread.author})` : ''}: ${thread.body.replace(/\s+/g, ' ').slice(0, 300)}`);
	const files = [...new Set(threads.map((thread) => thread.path).filter((file): file is string => file !== null))];
	return {reason: 'threads', files, detail: [error.message.replace(/^merge gate: /, ''), ...lines].join('\n')};
}

type ThreadNode = {isResolved?: boolean; path?: string | null; line?: number | null; comments?: {nodes?: Array<{body?: string; author?: {login?: string} | null}>}};
type ContextNode = {__typename?: string; name?: string; status?: string; conclusion?: string | null; context?: string; state?: string; isRequired?: boolean};
type PullData = {
	commits?: {nodes?: Array<{commit?: {statusCheckRollup?: {contexts?: {nodes?: ContextNode[]}} | null}}>};
	reviewThreads?: {nodes?: ThreadNode[]; pageInfo?: {hasNextPage?: boolean; endCursor?: string | null}};
};
type GateData = {data?: {repository?: {pullRequest?: PullData | null}}} | undefined;

/** Each required check's state: SUCCESS when green, `pending` while running, else its conclusion. */
function requiredChecks(pull: PullData | null | undefined): GateCheck[] {
	const contexts = pull?.commits?.nodes?.[0]?.commit?.statusCheckRollup?.contexts?.nodes ?? [];
	return contexts
		.filter((node) => node.isRequired === true)
		.map((node) => {
			if (node.__typename === 'StatusContext') return {name: node.context ?? '?', state: node.state === 'PENDING' || node.state === 'EXPECTED' ? 'pending' : (node.state ?? 'UNKNOWN')};
			if (node.status !== 'COMPLETED') return {name: node.name ?? '?', state: 'pending'};
			return {name: node.name ?? '?', state: greenConclusions.has(node.conclusion ?? '') ? 'SUCCESS' : (node.conclusion ?? 'UNKNOWN')};
		});
}

function threadOf(node: ThreadNode): GateThread {
	const comment = node.comments?.nodes?.[0];
	return {path: node.path ?? null, line: node.line ?? null, author: comment?.author?.login ?? null, body: comment?.body ?? ''};
}

export function parseJson(result: RunResult): unknown {
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
