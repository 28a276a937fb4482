#!/usr/bin/env node
// SSE fan-out bench (SPEC §6): 200 concurrent clients of `/v1/events/stream` on loopback.
// Bars: every event reaches every client; p99 fan-out (event recorded → each client has it)
// < 100 ms; server memory bounded. The server runs in a child process (its memory is measured
// alone); clients run here. Events are recorded in the server process (the recorder's path) and,
// for information, by another process writing the same database (the CLI's path, which adds up
// to one poll interval).
//
//   node bench/serve-sse-fanout.mjs [--clients 200] [--events 1000] [--interval-ms 10]
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const at = args.indexOf(name);
	return at === -1 ? fallback : Number(args[at + 1]);
};
const clientCount = option('--clients', 200);
const eventCount = option('--events', 1000);
const intervalMs = option('--interval-ms', 10);
const burstCount = option('--burst', 2000);
const now = () => performance.timeOrigin + performance.now();

// The server side, bundled from the TypeScript sources with esbuild.
const harness = `
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {WorkspaceContext} from './src/core/agents/context.js';
import {createCore} from './src/cli/core.js';
import {loadWorkspaceConfig} from './src/core/config/index.js';
import {ensureTmuxConf} from './src/core/tmux/tmux-conf.js';
import {buildServer} from './src/server/app.js';

const dir = process.argv[2];
const ws = path.join(dir, 'bench');
mkdirSync(ws, {recursive: true});
writeFileSync(path.join(ws, 'tutti.toml'), '[workspace]\\nname = "bench"\\n[defaults]\\nruntime = "demo"\\n[[agent]]\\nname = "a"\\n[[agent]]\\nname = "b"\\n');
const services = createCore({env: process.env, socket: 'tutti-bench-' + process.pid, tmuxConf: ensureTmuxConf(), tuttiBin: process.argv[1]});
const ctx = new WorkspaceContext(loadWorkspaceConfig(ws), services);
const app = await buildServer({workspaces: [ctx]}, {dashboardDir: null, sse: {maxClients: 5000}});
await app.listen({port: 0, host: '127.0.0.1'});
const reply = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
reply({type: 'ready', port: app.server.address().port, db: ctx.paths.database});
const at = () => performance.timeOrigin + performance.now();
for await (const line of createInterface({input: process.stdin})) {
	const command = JSON.parse(line);
	if (command.cmd === 'emit') {
		for (let seq = 0; seq < command.count; seq++) {
			ctx.emit('bench.tick', 'a', {seq, phase: command.phase, t0: at()});
			app.tutti.hub.kick();
			if (command.intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, command.intervalMs));
			else if (seq % command.burst === command.burst - 1) await new Promise((resolve) => setImmediate(resolve));
		}
		reply({type: 'emitted'});
	} else if (command.cmd === 'mem') {
		globalThis.gc?.();
		const memory = process.memoryUsage();
		reply({type: 'mem', rss: memory.rss, heapUsed: memory.heapUsed, clients: app.tutti.sse.size, dropped: app.tutti.sse.droppedCount});
	} else if (command.cmd === 'quit') {
		await app.close();
		ctx.close();
		process.exit(0);
	}
}
`;

const cache = path.join(root, '.cache');
mkdirSync(cache, {recursive: true});
const bundle = path.join(cache, 'bench-serve-sse-server.mjs');
const esbuild = await import('esbuild');
await esbuild.build({
	stdin: {contents: harness, resolveDir: root, sourcefile: 'bench-harness.ts', loader: 'ts'},
	outfile: bundle,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	external: ['better-sqlite3'],
	logLevel: 'warning',
	banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
});

const temp = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-sse-'));
const child = spawn(process.execPath, ['--expose-gc', bundle, temp], {stdio: ['pipe', 'pipe', 'inherit'], cwd: root});
const lines = createInterface({input: child.stdout});
const waiting = [];
lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
const next = () => new Promise((resolve) => waiting.push(resolve));
const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
const ready = await next();

// Clients: raw HTTP, parsing SSE frames; each records when every bench event arrived.
const clients = [];
function connect(index) {
	return new Promise((resolve, reject) => {
		const client = {index, received: new Map(), snapshot: false, buffer: ''};
		const request = http.get({host: '127.0.0.1', port: ready.port, path: '/v1/events/stream', agent: false, headers: {accept: 'text/event-stream'}}, (response) => {
			response.setEncoding('utf8');
			response.on('data', (chunk) => {
				const at = now();
				client.buffer += chunk;
				let end;
				while ((end = client.buffer.indexOf('\n\n')) !== -1) {
					const block = client.buffer.slice(0, end);
					client.buffer = client.buffer.slice(end + 2);
					if (block.startsWith('event: snapshot') || block.includes('\nevent: snapshot')) {
						client.snapshot = true;
						resolve(client);
						continue;
					}
					if (!block.includes('event: bench.tick')) continue;
					const data = JSON.parse(block.slice(block.indexOf('data: ') + 6)).data;
					client.received.set(`${data.phase}:${data.seq}`, at - data.t0);
				}
			});
		});
		request.on('error', reject);
		client.request = request;
		clients.push(client);
	});
}

const connectStart = now();
await Promise.all(Array.from({length: clientCount}, (_, index) => connect(index)));
const connectMs = now() - connectStart;
send({cmd: 'mem'});
const memBefore = await next();

const waitAll = async (phase, count, timeoutMs = 60_000) => {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (clients.every((client) => [...client.received.keys()].filter((key) => key.startsWith(`${phase}:`)).length >= count)) return true;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return false;
};

const runPhase = async (phase, count, options) => {
	const started = now();
	send({cmd: 'emit', phase, count, ...options});
	await next();
	const complete = await waitAll(phase, count);
	const seconds = (now() - started) / 1000;
	const latencies = [];
	const spreads = [];
	for (let seq = 0; seq < count; seq++) {
		const values = clients.map((client) => client.received.get(`${phase}:${seq}`)).filter((value) => value !== undefined);
		latencies.push(...values);
		if (values.length > 0) spreads.push(values.reduce((a, b) => Math.max(a, b)) - values.reduce((a, b) => Math.min(a, b)));
	}
	const missing = clients.reduce((sum, client) => sum + (count - [...client.received.keys()].filter((key) => key.startsWith(`${phase}:`)).length), 0);
	return {complete, missing, latencies, spreads, seconds};
};

const steady = await runPhase('steady', eventCount, {intervalMs});
const burst = await runPhase('burst', burstCount, {intervalMs: 0, burst: 100});

// The CLI's path: another process appends to the database; the server's poll picks it up.
// Through tutti's own SQLite adapter, so the bench runs on whichever engine this Node uses.
const sqliteBundle = path.join(cache, 'bench-sqlite.mjs');
await esbuild.build({
	entryPoints: [path.join(root, 'src/core/store/sqlite.ts')],
	outfile: sqliteBundle,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	external: ['better-sqlite3'],
	logLevel: 'warning',
});
const {openSqlite} = await import(pathToFileURL(sqliteBundle).href);
const db = openSqlite(ready.db);
const insert = db.prepare('INSERT INTO events (event, workspace, agent, timestamp, correlation_id, data) VALUES (?, ?, ?, ?, ?, ?)');
const crossCount = 200;
for (let seq = 0; seq < crossCount; seq++) {
	insert.run('bench.tick', 'bench', 'b', new Date().toISOString(), `x-${seq}`, JSON.stringify({seq, phase: 'cross', t0: now()}));
	await new Promise((resolve) => setTimeout(resolve, 10));
}
db.close();
await waitAll('cross', crossCount);
const cross = {latencies: clients.flatMap((client) => [...client.received].filter(([key]) => key.startsWith('cross:')).map(([, value]) => value))};

send({cmd: 'mem'});
const memAfter = await next();
for (const client of clients) client.request.destroy();
send({cmd: 'quit'});
await new Promise((resolve) => child.once('exit', resolve));
rmSync(temp, {recursive: true, force: true});

const percentile = (values, p) => {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => `${value.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
// The bar is the paced load (already ≫ real event rates); the burst is a throughput stress test.
const p99 = percentile(steady.latencies, 99);
const deliveries = clientCount * (eventCount + burstCount);
const heapGrowth = memAfter.heapUsed - memBefore.heapUsed;

console.log(`SSE fan-out: ${clientCount} clients, ${eventCount} paced events (${intervalMs} ms apart) + a burst of ${burstCount}; ${deliveries} deliveries`);
console.log(`  connect + snapshot, all clients    ${ms(connectMs)}`);
console.log(`  delivered                           ${deliveries - steady.missing - burst.missing}/${deliveries}  (dropped clients: ${memAfter.dropped})`);
console.log(`  paced: event → client  p50 ${ms(percentile(steady.latencies, 50))}  p99 ${ms(percentile(steady.latencies, 99))}  max ${ms(percentile(steady.latencies, 100))}`);
console.log(`  paced: spread first → last client per event  p99 ${ms(percentile(steady.spreads, 99))}`);
console.log(`  burst (stress, informational): ${Math.round((clientCount * burstCount) / burst.seconds)} deliveries/s; event → client p50 ${ms(percentile(burst.latencies, 50))}  p99 ${ms(percentile(burst.latencies, 99))}`);
console.log(`  other process → client (incl. ≤100 ms poll, informational)  p50 ${ms(percentile(cross.latencies, 50))}  p99 ${ms(percentile(cross.latencies, 99))}`);
console.log(`  server memory  rss ${mb(memBefore.rss)} → ${mb(memAfter.rss)}  heap ${mb(memBefore.heapUsed)} → ${mb(memAfter.heapUsed)} (after GC)`);
const checks = [
	['every event to every client', steady.missing === 0 && burst.missing === 0 && memAfter.dropped === 0],
	[`p99 fan-out at ${Math.round(1000 / intervalMs)} events/s ${ms(p99)} < 100 ms (ratio ${(p99 / 100).toFixed(2)})`, p99 < 100],
	[`server heap growth ${mb(heapGrowth)} < 32 MB after ${deliveries} deliveries`, heapGrowth < 32 * 1024 * 1024],
];
for (const [label, ok] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label}`);
writeFileSync(path.join(cache, 'bench-serve-sse.json'), JSON.stringify({clientCount, eventCount, burstCount, p99, connectMs, memBefore, memAfter, cross: {p50: percentile(cross.latencies, 50), p99: percentile(cross.latencies, 99)}}, null, 2));
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
