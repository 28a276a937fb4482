// Message latency: a message stored for an idle demo agent → delivered (typed, Enter taken and
// confirmed on its screen), two ways — `tt msg send`'s path (store, then deliver at once:
// postMessage) and a message stored by another process that the recorder picks up on its poll
// (sendMessage + WorkspaceObserver) — against `tt send` of the same text (sendPrompt: typed and
// confirmed the same way, nothing stored), alternating in the same run. Issue #21's goal:
// enqueue → delivered median ≤ 100 ms, p99 ≤ 250 ms.
import {sendPrompt, waitUntilReady} from '../src/core/agents/send.js';
import {upAgents} from '../src/core/agents/up.js';
import {getMessage, postMessage, sendMessage} from '../src/core/messages/index.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {benchWorkspace, percentile, settleIdle, sleep} from './lib.js';

const rounds = Number(process.env['ROUNDS'] ?? 30);
const pollMs = Number(process.env['POLL_MS'] ?? 100);

const {ctx, cleanup} = benchWorkspace('message', '[messages]\nper_sender_per_minute = 10000\n[[agent]]\nname = "sink"\n', {TUTTI_DEMO_WORK_MS: '100', TUTTI_DEMO_STARTUP_MS: '50'});
const observer = new WorkspaceObserver(ctx, {pollMs});
const sink = ctx.config.agent[0]!;
const posted: number[] = [];
const picked: number[] = [];
const typed: number[] = [];

const settle = (): Promise<void> => settleIdle(ctx, sink);

async function until(id: number): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (getMessage(ctx.store, id)?.state !== 'delivered') {
		if (Date.now() > deadline) throw new Error(`message ${id} not delivered: ${JSON.stringify(getMessage(ctx.store, id))}`);
		await sleep(2);
	}
}

try {
	await upAgents(ctx);
	await observer.start();
	await waitUntilReady(ctx, sink, 30_000);
	await settle();
	for (let round = 0; round < rounds; round++) {
		const text = `status check number ${round} for the latency bench`;
		let start = performance.now();
		await sendPrompt(ctx, 'sink', text);
		typed.push(performance.now() - start);
		await settle();

		start = performance.now();
		const {messages} = await postMessage(ctx, {to: ['sink'], body: `${text} (msg)`});
		await until(messages[0]!.id);
		posted.push(performance.now() - start);
		await settle();

		start = performance.now();
		const [stored] = sendMessage(ctx, {to: ['sink'], body: `${text} (poll)`}).messages;
		await until(stored!.id);
		picked.push(performance.now() - start);
		await settle();
	}
} finally {
	await observer.stop();
	cleanup();
}
const median = (values: number[]) => percentile(values, 50);
const line = (label: string, values: number[]) => `${label.padEnd(34)} median ${median(values).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms`;
console.log(`enqueue → delivered to an idle demo agent, ${rounds} rounds each, recorder poll ${pollMs} ms`);
console.log(line('tt send (sendPrompt, baseline)', typed));
console.log(line('tt msg send (postMessage)', posted));
console.log(line('stored elsewhere, recorder delivers', picked));
console.log(`ratios to tt send: tt msg send ${(median(posted) / median(typed)).toFixed(2)}×, recorder ${(median(picked) / median(typed)).toFixed(2)}×  (goal: median ≤ 100 ms, p99 ≤ 250 ms)`);
