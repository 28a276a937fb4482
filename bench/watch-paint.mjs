// In-process paint benchmark of the tt watch app (no tmux): 16 working agents whose screens
// change continuously, rendered by Ink at 200x50 into a null terminal. Prints Ink's paint time
// per frame; with KEYS=1, also the time from a key's state change (the selection moves) to its
// painted frame. For profiling: node --cpu-prof bench/watch-paint.mjs
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {repoRoot} from './watch-build.mjs';

const esbuild = await import('esbuild');
const out = path.join(repoRoot, 'test', 'artifacts', 'watch-paint.js');
const entry = `
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {appHarness} from './test/unit/tui/fixtures.tsx';
const columns = Number(process.env.COLUMNS ?? 200), rows = Number(process.env.ROWS ?? 50);
const agents = Array.from({length: 16}, (_, i) => ({name: 'a' + String(i + 1).padStart(2, '0'), role: ['plan', 'build', 'test', 'review'][i % 4]}));
const h = appHarness(agents, {width: columns, height: rows});
const stdout = Object.assign(new EventEmitter(), {columns, rows, isTTY: true, bytes: 0, write(s) { this.bytes += s.length; return true; }});
const paints = [];
const keys = [];
let keyAt;
const inst = render(h.element, {stdout, stdin: Object.assign(new EventEmitter(), {isTTY: false, setRawMode() {}, setEncoding() {}, ref() {}, unref() {}, read: () => null}), patchConsole: false, exitOnCtrlC: false, maxFps: 120, incrementalRendering: true, onRender: ({renderTime}) => { paints.push(renderTime); if (keyAt !== undefined) { keys.push(performance.now() - keyAt); keyAt = undefined; } }});
for (const a of agents) h.observer.setState(a.name, 'working');
let frame = 0;
const spin = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const timer = setInterval(() => { for (const a of agents) void h.observer.print(a.name, '\\r\\x1b[K' + spin[frame % 10] + ' Working… (' + Math.floor(frame / 10) + 's · esc to interrupt)' + (process.env.TOOLS ? ' ⏺ Read(src/file' + frame + '.ts)' : '')); frame++; }, 100);
const keyTimer = process.env.KEYS ? setInterval(() => { keyAt = performance.now(); h.ui.dispatch({type: 'select', key: 'shop/' + agents[keys.length % 2].name}); }, 97) : undefined;
const started = performance.now();
const cpu0 = process.cpuUsage();
setTimeout(() => {
  clearInterval(timer); clearInterval(keyTimer);
  const cpu = process.cpuUsage(cpu0); const wall = performance.now() - started;
  inst.unmount(); h.cleanup();
  const s = [...paints].sort((a, b) => a - b);
  console.log('paints', s.length, 'median', s[Math.floor(s.length / 2)]?.toFixed(2), 'ms p95', s[Math.floor(s.length * 0.95)]?.toFixed(2), 'ms; CPU', (((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1), '% ; bytes/s', Math.round(stdout.bytes / wall * 1000));
  if (keys.length > 0) { const k = [...keys].sort((a, b) => a - b); console.log('keys', k.length, 'median', k[Math.floor(k.length / 2)].toFixed(2), 'ms p95', k[Math.floor(k.length * 0.95)].toFixed(2), 'ms'); }
  process.exit(0);
}, Number(process.env.SECONDS ?? 5) * 1000);
`;
await esbuild.build({
	stdin: {contents: entry, resolveDir: repoRoot, loader: 'tsx', sourcefile: 'watch-paint-entry.tsx'},
	outfile: out,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	logLevel: 'error',
	sourcemap: 'linked',
	external: ['better-sqlite3', 'vitest'],
	plugins: [{name: 'no-devtools', setup(build) { build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'x', namespace: 'stub'})); build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {};', loader: 'js'})); }}],
	banner: {js: "import {createRequire as __r} from 'node:module'; const require = __r(import.meta.url);"},
	define: {'process.env.NODE_ENV': '"production"'},
});
await import(pathToFileURL(out).href);
