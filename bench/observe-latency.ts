// Screen change → state event latency with 20 agents: the streaming observer against a 1 s
// capture-pane polling baseline, measured in the same run. Target: median < 100 ms, p99 < 500 ms.
import {upAgents} from '../src/core/agents/up.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {agentsToml, benchWorkspace, percentile, sleep} from './lib.js';

const agents = Number(process.env['AGENTS'] ?? 20);
const rounds = Number(process.env['ROUNDS'] ?? 3);

async function measure(mode: 'stream' | 'poll', pollMs: number): Promise<number[]> {
	const {ctx, cleanup} = benchWorkspace(mode, agentsToml(agents), {TUTTI_DEMO_WORK_MS: '1500', TUTTI_DEMO_STARTUP_MS: '50'});
	const observer = new WorkspaceObserver(ctx, {pollMs, mode, record: false, idleDebounceMs: 300});
	const {tmux} = ctx.services;
	const pending = new Map<string, number>();
	const latencies: number[] = [];
	observer.on('state', (agent, verdict) => {
		const sent = pending.get(agent);
		if (sent !== undefined && verdict.state === 'working') {
			latencies.push(performance.now() - sent);
			pending.delete(agent);
		}
	});
	try {
		await upAgents(ctx);
		await observer.start();
		await sleep(3000);
		for (let round = 0; round < rounds; round++) {
			for (const agent of ctx.config.agent) {
				// Typed as tt send types it, but timed from Enter: the demo agent shows its busy screen
				// within a few ms of it. (tt send returns later, once it has seen the prompt taken, so
				// timing from its return would miss the changes it waited for.)
				const session = ctx.sessionOf(agent.name);
				await tmux.sendKeys(session, ['C-u']);
				await sleep(50);
				await tmux.pasteText(session, 'sleep 1');
				pending.set(agent.name, performance.now());
				await tmux.sendKeys(session, ['Enter']);
				await sleep(50);
			}
			const deadline = Date.now() + 10_000;
			while (pending.size > 0 && Date.now() < deadline) await sleep(50);
			for (const agent of [...pending.keys()]) {
				latencies.push(Number.POSITIVE_INFINITY);
				pending.delete(agent);
			}
			await sleep(2500);
		}
	} finally {
		await observer.stop();
		cleanup();
	}
	return latencies;
}

const stream = await measure('stream', 500);
const baseline = await measure('poll', 1000);
const line = (label: string, values: number[]) =>
	`${label.padEnd(34)} median ${percentile(values, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   (${values.length} changes, ${values.filter((value) => !Number.isFinite(value)).length} missed)`;
console.log(`screen change → state event, ${agents} agents`);
console.log(line('streaming (control mode)', stream));
console.log(line('baseline: capture-pane every 1 s', baseline));
console.log(`ratio (median, stream / baseline)  ${(percentile(stream, 50) / percentile(baseline, 50)).toFixed(3)}x   target: median < 100 ms, p99 < 500 ms`);
