import {execFileSync} from 'node:child_process';
import {findExecutable} from '../../src/core/process/which.js';
import {readFileSync} from 'node:fs';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {createServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

export type MockIssue = {number: number; title: string; body: string; created_at: string; labels: string[]; milestone?: number; user?: string};
export type MockComment = {id: number; issue: number; body: string; user: string};
/** A check run on a PR's head commit; `conclusion` null while it runs. */
export type MockCheck = {name: string; required: boolean; status: 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED'; conclusion: string | null};
export type MockThread = {isResolved: boolean; path: string; line: number; body: string; author: string};
export type MockPull = {number: number; head: string; base: string; title: string; body: string; state: 'open' | 'closed'; checks: MockCheck[]; threads: MockThread[]};

/**
 * A local stand-in for the GitHub REST API on 127.0.0.1 (a free port, TLS with a throw-away
 * certificate), for running the real `gh` against: `gh` sends `GH_HOST` + `GH_ENTERPRISE_TOKEN`
 * to `https://<host>/api/v3/…` and trusts the certificate through `SSL_CERT_FILE`. It serves the
 * issue, comment, label and milestone routes tutti's claims use, assigns comment ids in arrival
 * order like GitHub, and answers after a small random delay so concurrent clients interleave.
 * Pull requests: listed by head and created over REST, and the merge gate's GraphQL query (the
 * head commit's required checks, review threads paged by `threadPageSize`) at `/api/graphql`.
 */
export async function startMockGithub(dir: string, seed: {repo: string; issues: MockIssue[]; milestones?: Array<{number: number; title: string}>; pulls?: MockPull[]; threadPageSize?: number}) {
	const missing = ['gh', 'openssl'].filter((program) => !findExecutable(program, process.env['PATH']));
	if (missing.length > 0) throw new Error(`these tests run the real ${missing.join(' and ')}, which is not installed: install it with \`apt-get install -y ${missing.join(' ')}\` (Debian/Ubuntu).`);
	const key = path.join(dir, 'mock-gh-key.pem');
	const cert = path.join(dir, 'mock-gh-cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	const token = 'mock-token-' + Math.random().toString(36).slice(2);
	const issues = new Map(seed.issues.map((issue) => [issue.number, {...issue, labels: [...issue.labels]}]));
	const comments: MockComment[] = [];
	let nextComment = 1000;
	const requests: string[] = [];
	const pulls: MockPull[] = seed.pulls ?? [];
	const [owner = '', name = ''] = seed.repo.split('/');
	const pullJson = (pull: MockPull, host: string) => ({
		number: pull.number,
		title: pull.title,
		body: pull.body,
		state: pull.state,
		html_url: `https://${host}/${seed.repo}/pull/${pull.number}`,
		head: {ref: pull.head},
		base: {ref: pull.base, repo: {name, full_name: seed.repo, owner: {login: owner}}},
	});
	const prefix = `/api/v3/repos/${seed.repo}`;

	const issueJson = (issue: MockIssue, host: string) => ({
		number: issue.number,
		title: issue.title,
		body: issue.body,
		html_url: `https://${host}/${seed.repo}/issues/${issue.number}`,
		created_at: issue.created_at,
		user: {login: issue.user ?? 'someone'},
		labels: issue.labels.map((name) => ({name})),
		state: 'open',
	});
	const commentJson = (comment: MockComment, host: string) => ({id: comment.id, body: comment.body, user: {login: comment.user, type: 'User'}, html_url: `https://${host}/${seed.repo}/issues/${comment.issue}#issuecomment-${comment.id}`});

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		await delay(Math.random() * 25);
		const url = new URL(request.url ?? '/', 'https://mock');
		requests.push(`${request.method} ${url.pathname}${url.search}`);
		const host = request.headers.host ?? '127.0.0.1';
		const send = (status: number, body: unknown) => {
			response.writeHead(status, {'content-type': 'application/json; charset=utf-8'});
			response.end(JSON.stringify(body));
		};
		if (request.headers.authorization !== `token ${token}`) return send(401, {message: 'Bad credentials'});
		const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
		if (request.method === 'POST' && url.pathname === '/api/graphql') return send(200, graphql(body, pulls, seed.threadPageSize ?? 100));
		const route = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
		if (route === undefined) return send(404, {message: 'Not Found'});
		if (route === '/pulls' && request.method === 'GET') {
			const head = url.searchParams.get('head');
			const state = url.searchParams.get('state') ?? 'open';
			const rows = pulls.filter((pull) => (state === 'all' || pull.state === state) && (head === null || `${owner}:${pull.head}` === head));
			return send(200, rows.slice(0, Number(url.searchParams.get('per_page') ?? 30)).map((pull) => pullJson(pull, host)));
		}
		if (route === '/pulls' && request.method === 'POST') {
			const head = String(body['head']);
			if (pulls.some((pull) => pull.state === 'open' && pull.head === head)) return send(422, {message: 'Validation Failed', errors: [{message: `A pull request already exists for ${owner}:${head}.`}]});
			const number = Math.max(0, ...issues.keys(), ...pulls.map((pull) => pull.number)) + 1;
			const pull: MockPull = {number, head, base: String(body['base']), title: String(body['title']), body: String(body['body'] ?? ''), state: 'open', checks: [], threads: []};
			pulls.push(pull);
			return send(201, pullJson(pull, host));
		}
		let match: RegExpExecArray | null;
		if (request.method === 'GET' && route === '/issues') {
			const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
			const milestone = url.searchParams.get('milestone');
			const rows = [...issues.values()].filter((issue) => labels.every((label) => issue.labels.includes(label)) && (milestone === null || String(issue.milestone) === milestone));
			return send(200, rows.map((issue) => issueJson(issue, host)));
		}
		if (request.method === 'GET' && route === '/milestones') return send(200, seed.milestones ?? []);
		if ((match = /^\/issues\/(\d+)\/comments$/.exec(route))) {
			const number = Number(match[1]);
			if (!issues.has(number)) return send(404, {message: 'Not Found'});
			if (request.method === 'GET') return send(200, comments.filter((comment) => comment.issue === number).map((comment) => commentJson(comment, host)));
			if (request.method === 'POST') {
				const comment = {id: nextComment++, issue: number, body: String(body['body']), user: 'tutti-bot'};
				comments.push(comment);
				return send(201, commentJson(comment, host));
			}
		}
		if ((match = /^\/issues\/comments\/(\d+)$/.exec(route)) && request.method === 'PATCH') {
			const comment = comments.find((candidate) => candidate.id === Number(match![1]));
			if (!comment) return send(404, {message: 'Not Found'});
			comment.body = String(body['body']);
			return send(200, commentJson(comment, host));
		}
		if ((match = /^\/issues\/(\d+)\/labels$/.exec(route)) && request.method === 'POST') {
			const issue = issues.get(Number(match[1]));
			if (!issue) return send(404, {message: 'Not Found'});
			for (const label of body['labels'] as string[]) if (!issue.labels.includes(label)) issue.labels.push(label);
			return send(200, issue.labels.map((name) => ({name})));
		}
		if ((match = /^\/issues\/(\d+)\/labels\/([^/]+)$/.exec(route)) && request.method === 'DELETE') {
			const issue = issues.get(Number(match[1]));
			const label = decodeURIComponent(match[2]!);
			if (!issue?.labels.includes(label)) return send(404, {message: 'Label does not exist'});
			issue.labels = issue.labels.filter((name) => name !== label);
			return send(200, issue.labels.map((name) => ({name})));
		}
		return send(404, {message: 'Not Found'});
	};

	const server = createServer({key: readFileSync(key), cert: readFileSync(cert)}, (request, response) => {
		handle(request, response).catch((error: unknown) => {
			response.writeHead(500);
			response.end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		issues,
		comments,
		pulls,
		requests,
		/** What `gh` needs to talk to this server and nothing else. */
		env: {GH_HOST: `127.0.0.1:${port}`, GH_ENTERPRISE_TOKEN: token, SSL_CERT_FILE: cert, GH_CONFIG_DIR: path.join(dir, 'gh-config'), GH_NO_UPDATE_NOTIFIER: '1', GH_PROMPT_DISABLED: '1', GH_REPO: `127.0.0.1:${port}/${seed.repo}`},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** The merge gate's query: the PR's head-commit checks and a page of its review threads (cursor = index). */
function graphql(body: Record<string, unknown>, pulls: readonly MockPull[], pageSize: number) {
	const variables = (body['variables'] ?? {}) as {number?: number; after?: string};
	const pull = pulls.find((candidate) => candidate.number === Number(variables.number));
	if (!String(body['query']).includes('reviewThreads') || !pull) return {data: {repository: {pullRequest: null}}};
	const start = variables.after ? Number(variables.after) : 0;
	const page = pull.threads.slice(start, start + pageSize);
	const next = start + pageSize < pull.threads.length;
	const contexts = pull.checks.map((check) => ({__typename: 'CheckRun', name: check.name, status: check.status, conclusion: check.conclusion, isRequired: check.required}));
	const threads = page.map((thread) => ({isResolved: thread.isResolved, path: thread.path, line: thread.line, comments: {nodes: [{body: thread.body, author: {login: thread.author}}]}}));
	return {
		data: {
			repository: {
				pullRequest: {
					commits: {nodes: [{commit: {statusCheckRollup: {contexts: {nodes: contexts}}}}]},
					reviewThreads: {nodes: threads, pageInfo: {hasNextPage: next, endCursor: next ? String(start + pageSize) : null}},
				},
			},
		},
	};
}
