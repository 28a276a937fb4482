// MCP send_message round trip against `tt send` of the same text, alternating in one run: what an
// agent pays to reach another through tutti's MCP server (one JSON-RPC call over stdio to a
// `tt mcp` its CLI started once: store, then deliver to the idle recipient at once) against
// running `tt send` from its shell (a new process: start-up, then type the prompt and confirm it).
// `tt msg send` (the mailbox path in a new process) is shown too. A recorder runs, as under
// `tt watch` or `tt serve` (it delivers what was held); each round ends when the recipient is idle
// again and the recorder has recorded it. Usage: node bench/run.mjs mcp-send  (ROUNDS=15)
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js';
import {upAgents} from '../src/core/agents/up.js';
import {getMessage} from '../src/core/messages/index.js';
import {ensureAgentSecret} from '../src/core/mcp/identity.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {benchWorkspace, percentile, settleIdle, sleep} from './lib.js';

const run = promisify(execFile);
const rounds = Number(process.env['ROUNDS'] ?? 15);
const root = process.env['TUTTI_BENCH_ROOT'] ?? process.cwd();
const tt = path.join(root, 'dist', 'tt.js');

const {ctx, cleanup, socket} = benchWorkspace('mcp-send', '[messages]\nper_sender_per_minute = 10000\n[[agent]]\nname = "sink"\n[[agent]]\nname = "src"\n', {TUTTI_DEMO_WORK_MS: '100', TUTTI_DEMO_STARTUP_MS: '50'});
const sink = ctx.config.agent[0]!;
const env: Record<string, string> = {};
for (const [key, value] of Object.entries(ctx.services.env)) if (value !== undefined) env[key] = value;
env['TUTTI_TMUX_SOCKET'] = socket;
const times = {ttSend: [] as number[], mcp: [] as number[], mcpDelivered: [] as number[], msgSend: [] as number[]};
const observer = new WorkspaceObserver(ctx, {pollMs: 100});
let connectMs = 0;
let deliveredOnReturn = 0;
let client: Client | undefined;

const settle = (): Promise<void> => settleIdle(ctx, sink);

try {
	await upAgents(ctx, {agents: ['sink']});
	await observer.start();
	await settle();
	let start = performance.now();
	const transport = new StdioClientTransport({command: process.execPath, args: [tt, 'mcp'], env: {...env, TUTTI_AGENT: 'src', TUTTI_AGENT_SECRET: ensureAgentSecret(ctx.paths.state, 'src'), TUTTI_ROOT: ctx.root}, cwd: ctx.root, stderr: 'ignore'});
	client = new Client({name: 'bench', version: '1.0.0'});
	await client.connect(transport);
	connectMs = performance.now() - start;
	for (let round = 0; round < rounds; round++) {
		const text = `status check number ${round} for the mcp bench`;
		start = performance.now();
		await run(process.execPath, [tt, 'send', 'sink', `${text} (tt send)`], {cwd: ctx.root, env});
		times.ttSend.push(performance.now() - start);
		await settle();

		start = performance.now();
		const result = (await client.callTool({name: 'send_message', arguments: {to: ['sink'], text: `${text} (mcp)`}})) as {isError?: boolean; content: Array<{text?: string}>};
		times.mcp.push(performance.now() - start);
		if (result.isError) throw new Error(result.content[0]?.text ?? 'send_message failed');
		const id = (JSON.parse(result.content[0]?.text ?? '{}') as {messages: Array<{id: number}>}).messages[0]!.id;
		if (getMessage(ctx.store, id)?.state === 'delivered') deliveredOnReturn++;
		while (getMessage(ctx.store, id)?.state !== 'delivered') {
			if (performance.now() - start > 30_000) throw new Error(`message ${id} not delivered: ${JSON.stringify(getMessage(ctx.store, id))}`);
			await sleep(2);
		}
		times.mcpDelivered.push(performance.now() - start);
		await settle();

		start = performance.now();
		await run(process.execPath, [tt, 'msg', 'send', 'sink', `${text} (tt msg send)`], {cwd: ctx.root, env});
		times.msgSend.push(performance.now() - start);
		await settle();
	}
} finally {
	await client?.close();
	await observer.stop();
	cleanup();
}
const median = (values: number[]) => percentile(values, 50);
const line = (label: string, values: number[]) => `${label.padEnd(40)} median ${median(values).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms`;
console.log(`one message to an idle demo agent, typed and confirmed, ${rounds} rounds each (tt mcp started and initialized once: ${connectMs.toFixed(0)} ms)`);
console.log(line('tt send (new process, baseline)', times.ttSend));
console.log(line('MCP send_message: the call returns', times.mcp));
console.log(line('MCP send_message: delivered', times.mcpDelivered));
console.log(line('tt msg send (new process)', times.msgSend));
console.log(`ratios to tt send: MCP send_message ${(median(times.mcp) / median(times.ttSend)).toFixed(2)}× (delivered ${(median(times.mcpDelivered) / median(times.ttSend)).toFixed(2)}×), tt msg send ${(median(times.msgSend) / median(times.ttSend)).toFixed(2)}×; delivered when send_message returned: ${deliveredOnReturn}/${rounds}`);
