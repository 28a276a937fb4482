#!/usr/bin/env node
// Screen → browser latency (issue bar): a demo agent's screen changes (it starts working), the
// recorder detects it, the event goes out over SSE, and the dashboard's card shows "working".
// Bar: median from the screen change to the card's change < 250 ms. Real tmux, the real demo
// agent, the real server and dashboard, headless Debian chromium.
//
//   node bench/serve-browser-latency.mjs [--samples 12]
/* global window, document, MutationObserver -- page.evaluate callbacks run in the browser */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const samples = args.includes('--samples') ? Number(args[args.indexOf('--samples') + 1]) : 12;
const chromiumPath = process.env['TUTTI_CHROMIUM'] ?? '/usr/bin/chromium';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const harness = `
import path from 'node:path';
import {createCore} from './src/cli/core.js';
import {WorkspaceContext} from './src/core/agents/context.js';
import {upAgents} from './src/core/agents/up.js';
import {loadWorkspaceConfig} from './src/core/config/index.js';
import {ensureTmuxConf} from './src/core/tmux/tmux-conf.js';
import {buildServer} from './src/server/app.js';
import {startRecorder} from './src/server/recorder.js';

export async function start({root, socket, tuttiBin, dashboardDir, env}) {
	const services = createCore({env, socket, tmuxConf: ensureTmuxConf(), tuttiBin});
	const ctx = new WorkspaceContext(loadWorkspaceConfig(root), services);
	const results = await upAgents(ctx);
	for (const result of results) if (result.error) throw result.error;
	const recorder = await startRecorder([ctx]);
	const app = await buildServer(recorder.core, {dashboardDir});
	const url = await app.listen({port: 0, host: '127.0.0.1'});
	return {ctx, url, session: ctx.sessionOf('planner'), observer: recorder.observers.get(ctx.name), async stop() { await app.close(); await recorder.stop(); ctx.close(); }};
}
`;

const cache = path.join(root, '.cache');
mkdirSync(cache, {recursive: true});
const esbuild = await import('esbuild');
const banner = {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"};
const bundle = path.join(cache, 'bench-browser', 'harness.mjs');
await esbuild.build({stdin: {contents: harness, resolveDir: root, sourcefile: 'bench-browser.ts', loader: 'ts'}, outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['better-sqlite3', 'playwright-core'], logLevel: 'warning', banner});
// The demo agent program must sit beside the "tt" entry (the harness bundle).
await esbuild.build({entryPoints: [path.join(root, 'src/adapters/demo/program/main.ts')], outfile: path.join(cache, 'bench-browser', 'demo-agent.js'), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', banner});
const dashboardDir = path.join(cache, 'bench-browser', 'dashboard');
execFileSync(process.execPath, [path.join(root, 'scripts', 'build-dashboard.mjs'), '--outdir', dashboardDir]);

const temp = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-browser-'));
const project = path.join(temp, 'project');
mkdirSync(project);
const git = (...argv) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', '-c', 'commit.gpgsign=false', ...argv], {cwd: project, stdio: 'pipe'});
git('init', '-q');
writeFileSync(path.join(project, 'README.md'), '# bench\n');
writeFileSync(path.join(project, 'tutti.toml'), '[workspace]\nname = "bench"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "planner"\n');
git('add', '-A');
git('commit', '-q', '-m', 'init');
const socket = `tutti-bench-${process.pid}`;
const env = {...process.env, HOME: temp, TUTTI_DEMO_WORK_MS: '400', TUTTI_DEMO_STARTUP_MS: '50'};
delete env['TMUX'];

const {start} = await import(pathToFileURL(bundle).href);
const server = await start({root: project, socket, tuttiBin: bundle, dashboardDir, env});
const {chromium} = await import('playwright-core');
if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath} (apt-get install -y chromium)`);
const browser = await chromium.launch({executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']});
const tmux = (...argv) => execFileSync('tmux', ['-L', socket, ...argv], {stdio: 'pipe'});
const results = [];
try {
	const page = await browser.newPage();
	await page.goto(server.url);
	await page.waitForSelector('.agent-card[data-agent="planner"][data-state="idle"]', {timeout: 30_000});
	// The page notes when the card's state attribute flips, on the same clock as this process.
	await page.evaluate(() => {
		window.flips = [];
		const card = document.querySelector('.agent-card[data-agent="planner"]');
		new MutationObserver(() => window.flips.push({state: card.dataset.state, at: performance.timeOrigin + performance.now()})).observe(card, {attributes: true, attributeFilter: ['data-state']});
	});
	let screenAt;
	let stateAt;
	server.observer.on('screen', (agent) => {
		if (agent === 'planner' && screenAt === null) screenAt = now();
	});
	server.observer.on('state', (agent, verdict) => {
		if (agent === 'planner' && verdict.state === 'working' && stateAt === null) stateAt = now();
	});
	for (let sample = 0; sample < samples; sample++) {
		tmux('send-keys', '-t', `=${server.session}:`, '-l', 'sleep 0.5');
		await sleep(300);
		await page.evaluate(() => (window.flips = []));
		screenAt = null;
		stateAt = null;
		const enterAt = now();
		tmux('send-keys', '-t', `=${server.session}:`, 'Enter');
		await page.waitForFunction(() => window.flips.some((flip) => flip.state === 'working'), undefined, {timeout: 10_000});
		const domAt = (await page.evaluate(() => window.flips.find((flip) => flip.state === 'working').at));
		results.push({enterToDom: domAt - enterAt, screenToDom: domAt - screenAt, screenToState: stateAt - screenAt, stateToDom: domAt - stateAt});
		await page.waitForSelector('.agent-card[data-agent="planner"][data-state="idle"]', {timeout: 15_000});
	}
} finally {
	await browser.close();
	await server.stop();
	try {
		execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	} catch {
		// Already gone.
	}
	rmSync(temp, {recursive: true, force: true});
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.9))];
const row = (label, key) => console.log(`  ${label.padEnd(38)} median ${median(results.map((r) => r[key])).toFixed(1)} ms   p90 ${p90(results.map((r) => r[key])).toFixed(1)} ms`);
console.log(`screen → browser: ${results.length} idle→working changes of a demo agent, seen by headless chromium`);
row('screen change → card shows it', 'screenToDom');
row('  of which: screen → state event', 'screenToState');
row('  of which: state event → card (SSE+DOM)', 'stateToDom');
row('keystroke → card (incl. the agent)', 'enterToDom');
const value = median(results.map((r) => r.screenToDom));
const ok = value < 250;
console.log(`  ${ok ? 'PASS' : 'FAIL'}  median ${value.toFixed(1)} ms < 250 ms (ratio ${(value / 250).toFixed(2)})`);
writeFileSync(path.join(cache, 'bench-serve-browser.json'), JSON.stringify(results, null, 2));
process.exitCode = ok ? 0 : 1;
