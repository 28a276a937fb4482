// A pane printing 5 MB/s: the observer must keep up (the last line shows on its screen model
// soon after it was written) with bounded memory. SECONDS (default 10), RATE_MB (default 5).
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {upAgents} from '../src/core/agents/up.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {benchWorkspace, sleep} from './lib.js';

const seconds = Number(process.env['SECONDS_'] ?? process.env['SECONDS'] ?? 10);
const rate = Number(process.env['RATE_MB'] ?? 5) * 1024 * 1024;
const writer = path.join(os.tmpdir(), `tutti-flood-${process.pid}.mjs`);
// Prints numbered lines at `rate` bytes/s, then DONE-<n> and waits.
writeFileSync(
	writer,
	`const rate=${rate}, seconds=${seconds}; const line='x'.repeat(90); let n=0; const start=Date.now();
await new Promise((resolve)=>{ const tick=()=>{ const due=Math.min(seconds*1000,Date.now()-start)*rate/1000; let chunk=''; while(n*100<due){ chunk+=String(n).padStart(8,'0')+' '+line+'\\n'; n++; } if(chunk) process.stdout.write(chunk); if(Date.now()-start>=seconds*1000) return resolve(); setTimeout(tick,5); }; tick(); });
process.stdout.write('DONE-'+n+'\\n'); setInterval(()=>{},1e9);`,
);
const {ctx, cleanup} = benchWorkspace('flood', `[[agent]]\nname = "flood"\nruntime = "custom"\ncommand = ["node", ${JSON.stringify(writer)}]\n[agent.screen]\nidle = ["^DONE-"]\n`);
const observer = new WorkspaceObserver(ctx, {record: false});
try {
	await observer.start();
	await upAgents(ctx);
	const start = Date.now();
	const rss: number[] = [];
	let done = 0;
	let lines = 0;
	while (Date.now() - start < (seconds + 30) * 1000) {
		await sleep(250);
		rss.push(process.memoryUsage().rss / 1024 / 1024);
		const screen = observer.observer('flood')?.screen.snapshot().lines.join('\n') ?? '';
		const match = /DONE-(\d+)/.exec(screen);
		if (match) {
			lines = Number(match[1]);
			done = Date.now();
			break;
		}
	}
	const written = lines * 100;
	console.log(`a pane printing ${(rate / 1024 / 1024).toFixed(1)} MB/s for ${seconds} s: the writer got out ${(written / 1024 / 1024).toFixed(1)} MB (${(written / 1024 / 1024 / seconds).toFixed(2)} MB/s, so tmux did not hold it back)`);
	console.log(done ? `observer caught up ${((done - start) / 1000 - seconds).toFixed(2)} s after the writer stopped (writer started with the session)` : 'observer did NOT catch up within 30 s');
	console.log(`resident memory (MB): max ${Math.max(...rss).toFixed(0)}, last ${rss[rss.length - 1]?.toFixed(0)}, first ${rss[0]?.toFixed(0)}`);
} finally {
	await observer.stop();
	cleanup();
}
