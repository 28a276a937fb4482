import {closeSync, existsSync, openSync, readSync, statSync} from 'node:fs';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import {setTimeout as delay} from 'node:timers/promises';
import {findAgent} from '../../core/config/index.js';
import {followRecordedOutput, readableRecordedOutput} from '../../core/agents/recorded-output.js';
import {TuttiError} from '../../core/errors.js';
import {parseAgentRef} from '../context.js';
import {handler, intOption, type Register} from '../program.js';

/** Reads `length` bytes of `file` from `start`. */
function readRange(file: string, start: number, length: number): Buffer {
	const fd = openSync(file, 'r');
	try {
		const buffer = Buffer.alloc(length);
		const read = readSync(fd, buffer, 0, length, start);
		return buffer.subarray(0, read);
	} finally {
		closeSync(fd);
	}
}

/** How long the log must stay quiet before the lines still on the agent's screen are printed. */
const quietMs = 500;
const pollMs = 250;

export const registerLogs: Register = (program, runtime) => {
	program
		.command('logs')
		.description('print an agent\'s recorded terminal output (kept even while no tutti process runs)')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.option('-l, --lines <n>', 'how many lines from the end', intOption('--lines', 1, 1_000_000), 50)
		.option('-f, --follow', 'keep printing new output')
		.option('--raw', 'print the bytes as recorded (escape sequences included)')
		.option('--json', 'machine-readable output: {workspace, agent, file, size, lines}')
		.action(
			handler(runtime, async (reference: string, flags: {lines: number; follow?: boolean; raw?: boolean; json?: boolean}) => {
				if (flags.json && (flags.follow || flags.raw)) throw new TuttiError('ERR_USAGE', '--json cannot be combined with --follow or --raw', {hint: 'Use tt logs <agent> --json for the last lines as JSON.'});
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const agent = findAgent(ctx.config, name);
				const file = path.join(ctx.paths.logs, `${agent.name}.log`);
				if (!existsSync(file)) throw new TuttiError('ERR_STATE', `no output recorded for ${agent.name} yet (${file})`, {hint: `Start it with tt up ${agent.name}; its output is recorded from then on.`});
				const size = statSync(file).size;
				// Read a tail window big enough for the lines asked for (terminal output is dense).
				const window = Math.min(size, Math.max(64 * 1024, flags.lines * 400));
				// A multi-byte character split by a read stays whole: the decoder keeps its first bytes.
				const decoder = new StringDecoder('utf8');
				const text = decoder.write(readRange(file, size - window, window));
				if (flags.json) {
					const lines = await readableRecordedOutput(ctx, agent.name, text, flags.lines);
					return runtime.output.json({workspace: ctx.name, agent: agent.name, file, size, lines});
				}
				if (flags.raw) process.stdout.write(text);
				if (!flags.follow) {
					if (!flags.raw) runtime.output.out((await readableRecordedOutput(ctx, agent.name, text, flags.lines)).join('\n'));
					return;
				}
				const follower = await followRecordedOutput(ctx, agent.name, flags.lines);
				const print = (lines: readonly string[]) => {
					for (const line of lines) runtime.output.out(line);
				};
				if (!flags.raw) print(await follower.start(text, flags.lines));
				let offset = size;
				let quietFor = 0;
				for (;;) {
					await delay(pollMs);
					if (!existsSync(file)) continue;
					const current = statSync(file).size;
					if (current < offset) offset = 0; // rotated or truncated
					if (current > offset) {
						const chunk = decoder.write(readRange(file, offset, current - offset));
						offset = current;
						quietFor = 0;
						if (flags.raw) process.stdout.write(chunk);
						else print(await follower.push(chunk));
					} else if ((quietFor += pollMs) === quietMs && !flags.raw) {
						print(follower.pause());
					}
				}
			}),
		);
};
