// Notification latency: from the recorder announcing a recorded "needs you" (an agent's dialog; the
// notice is handed to the channel just before) to the webhook receiving it, with 10 agents —
// against a bare POST to the same local server from the same process, in the same run.
// Target: median < 100 ms.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {answerPrompt} from '../src/core/actions/answer.js';
import {sendPrompt, waitUntilReady} from '../src/core/agents/send.js';
import {upAgents} from '../src/core/agents/up.js';
import {GlobalConfigSchema} from '../src/core/config/index.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {agentsToml, benchWorkspace, percentile, sleep} from './lib.js';

const agents = Number(process.env['AGENTS'] ?? 10);
const rounds = Number(process.env['ROUNDS'] ?? 3);

const arrivals = new Map<number, number>();
const server = createServer((request, response) => {
	let body = '';
	request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
	request.on('end', () => {
		const at = performance.now();
		try {
			const id = (JSON.parse(body) as {event_id?: number}).event_id;
			if (typeof id === 'number') arrivals.set(id, at);
		} catch {
			// the baseline's posts carry no event
		}
		response.end('ok');
	});
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

const {ctx, cleanup} = benchWorkspace('notify', agentsToml(agents), {TUTTI_DEMO_WORK_MS: '200', TUTTI_DEMO_STARTUP_MS: '50'});
ctx.services.global = GlobalConfigSchema.parse({notify: {webhook: url, quiet_secs: 0}});
const observer = new WorkspaceObserver(ctx, {pollMs: 500});
const recorded = new Map<number, number>();
observer.on('state', (_agent, verdict, event) => {
	if (event && verdict.state === 'needs_input') recorded.set(event.id, performance.now());
});
const notices: number[] = [];
const baseline: number[] = [];
try {
	await upAgents(ctx);
	await observer.start();
	for (const agent of ctx.config.agent) await waitUntilReady(ctx, agent, 30_000);
	for (let round = 0; round < rounds; round++) {
		recorded.clear();
		arrivals.clear();
		await Promise.all(ctx.config.agent.map((agent) => sendPrompt(ctx, agent.name, `ask Deploy round ${round}?`, {timeoutMs: 30_000})));
		const deadline = Date.now() + 15_000;
		while ((recorded.size < agents || [...recorded.keys()].some((id) => !arrivals.has(id))) && Date.now() < deadline) await sleep(20);
		for (const [id, at] of recorded) notices.push(arrivals.has(id) ? arrivals.get(id)! - at : Number.POSITIVE_INFINITY);
		for (const agent of ctx.config.agent) await answerPrompt(ctx, agent.name, 'approve').catch(() => undefined);
		for (const agent of ctx.config.agent) await waitUntilReady(ctx, agent, 30_000);
		// The baseline: the same server, a bare POST from this process.
		for (let index = 0; index < agents; index++) {
			const start = performance.now();
			await fetch(url, {method: 'POST', body: '{}', headers: {'content-type': 'application/json'}});
			baseline.push(performance.now() - start);
		}
	}
} finally {
	await observer.stop();
	cleanup();
	server.close();
}
const median = (values: number[]) => percentile(values, 50);
console.log(`recorded "needs you" → webhook received, ${agents} agents × ${rounds} rounds`);
console.log(`notice      median ${median(notices).toFixed(1).padStart(7)} ms   p99 ${percentile(notices, 99).toFixed(1).padStart(7)} ms   (${notices.length} notices, ${notices.filter((value) => !Number.isFinite(value)).length} missing)`);
console.log(`bare POST   median ${median(baseline).toFixed(1).padStart(7)} ms   p99 ${percentile(baseline, 99).toFixed(1).padStart(7)} ms`);
console.log(`ratio ${(median(notices) / median(baseline)).toFixed(2)}×  (target: notice median < 100 ms)`);
