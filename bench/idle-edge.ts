// End of turn → idle event: how late tutti reports that an agent finished, with the streaming
// observer (the demo agent says its turn ended with OSC 7501 `done`, as Codex does, so no debounce
// applies) against a 1 s capture-pane polling baseline (the screen alone: polled, then debounced)
// in the same run. Ground truth: the demo agent's session log, whose reply line is written the
// moment the turn ends. Target: median ≤ 50 ms where the CLI signals the end of a turn.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {deliverPrompt} from '../src/core/agents/send.js';
import {upAgents} from '../src/core/agents/up.js';
import {findAgent} from '../src/core/config/resolve.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {benchWorkspace, percentile, sleep} from './lib.js';

const agents = Number(process.env['AGENTS'] ?? 5);
const rounds = Number(process.env['ROUNDS'] ?? 4);

/** When the reply carrying `marker` was logged (epoch ms), from the demo agents' session logs. */
function replyAt(home: string, marker: string): number | undefined {
	let latest: number | undefined;
	const walk = (dir: string): void => {
		for (const entry of readdirSync(dir, {withFileTypes: true})) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.jsonl')) {
				for (const line of readFileSync(full, 'utf8').split('\n')) {
					if (!line.includes('"type":"assistant"') || !line.includes(marker)) continue;
					const at = Date.parse((JSON.parse(line) as {timestamp: string}).timestamp);
					if (latest === undefined || at > latest) latest = at;
				}
			}
		}
	};
	try {
		walk(home);
	} catch {
		return undefined;
	}
	return latest;
}

async function measure(mode: 'stream' | 'poll', pollMs: number): Promise<number[]> {
	const names = Array.from({length: agents}, (_, index) => `a${index}`);
	const {ctx, cleanup} = benchWorkspace(`idle-${mode}`, names.map((name) => `[[agent]]\nname = "${name}"\n`).join(''), {TUTTI_DEMO_WORK_MS: '2000', TUTTI_DEMO_STARTUP_MS: '50'});
	// Every demo agent logs under .tutti/demo-home; each turn's reply is found by the text it echoes.
	const home = path.join(ctx.root, '.tutti', 'demo-home');
	const observer = new WorkspaceObserver(ctx, {pollMs, mode, record: false});
	const idleAt = new Map<string, number>();
	observer.on('state', (agent, verdict) => {
		if (verdict.state === 'idle') idleAt.set(agent, Date.now());
	});
	const latencies: number[] = [];
	try {
		await upAgents(ctx);
		await observer.start();
		await sleep(2000);
		for (let round = 0; round < rounds; round++) {
			idleAt.clear();
			for (const name of names) await deliverPrompt(ctx, findAgent(ctx.config, name), `echo turn ${name} ${round}`);
			const deadline = Date.now() + 15_000;
			while (idleAt.size < names.length && Date.now() < deadline) await sleep(50);
			for (const name of names) {
				const ended = replyAt(home, `turn ${name} ${round}`);
				const seen = idleAt.get(name);
				latencies.push(ended === undefined || seen === undefined ? Number.POSITIVE_INFINITY : seen - ended);
			}
			await sleep(500);
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
	`${label.padEnd(44)} median ${percentile(values, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   (${values.length} turns, ${values.filter((value) => !Number.isFinite(value)).length} missed)`;
console.log(`end of turn → idle event, ${agents} agents × ${rounds} turns`);
console.log(line('streaming, the CLI signals the end (OSC 7501)', stream));
console.log(line('baseline: capture-pane every 1 s + debounce', baseline));
console.log(`ratio (median, stream / baseline)  ${(percentile(stream, 50) / percentile(baseline, 50)).toFixed(3)}x   target: median ≤ 50 ms`);
