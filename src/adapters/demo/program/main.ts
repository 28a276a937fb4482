/**
 * Entry point of the demo agent (`dist/demo-agent.js`): wires stdin/stdout, raw mode, bracketed
 * paste, resize and signals to the app. On a terminal it reads keys; otherwise each stdin line
 * is one prompt.
 */

import {createInterface} from 'node:readline';
import {DemoApp} from './app.js';
import {readConfig, type DemoConfig} from './config.js';
import {readConversation, resumedLines, sessionRefusal} from './conversation.js';
import {KeyDecoder} from './input.js';
import {LineOutput, TtyOutput} from './screen.js';
import {SessionLog, sessionLogPath} from './session-log.js';

/** How long a lone ESC waits for the rest of an escape sequence before it counts as the Esc key. */
const escapeTimeoutMs = 40;

let config: DemoConfig;
try {
	config = readConfig(process.env, process.cwd(), process.argv.slice(2));
} catch (error) {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exit(2);
}
const logFile = sessionLogPath(config.home, config.cwd, config.sessionId);
// Like Claude Code: a new session never reuses an id, a resumed one must exist.
const refusal = sessionRefusal(config.resume ? {kind: 'resume', id: config.sessionId} : {kind: 'new', id: config.sessionId}, logFile);
if (refusal !== undefined) {
	process.stderr.write(`${refusal}\n`);
	process.exit(1);
}
const earlier = config.resume ? readConversation(logFile) : undefined;
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
const write = (data: string): void => {
	process.stdout.write(data);
};
const tty = interactive
	? new TtyOutput(write, () => ({columns: process.stdout.columns || 80, rows: process.stdout.rows || 24}))
	: undefined;

let restored = false;
function restoreTerminal(): void {
	if (restored || !interactive) return;
	restored = true;
	write('\x1b[?2004l\x1b[?25h');
	try {
		process.stdin.setRawMode(false);
	} catch {
		// The terminal is already gone.
	}
}

function exit(code: number): void {
	restoreTerminal();
	process.exit(code);
}

const output = tty ?? new LineOutput(write);
const app = new DemoApp({
	agent: config.agent,
	cwd: config.cwd,
	workMs: config.workMs,
	startupMs: config.startupMs,
	output,
	log: new SessionLog(
		logFile,
		{sessionId: config.sessionId, cwd: config.cwd, model: config.model, version: '0.1.0-demo'},
		undefined,
		undefined,
		earlier?.lastUuid ?? null,
	),
	exit,
	lineMode: !tty,
});

process.on('SIGTERM', () => exit(143));
process.on('SIGHUP', () => exit(129));
process.on('uncaughtException', (error) => {
	restoreTerminal();
	process.stderr.write(`demo agent crashed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});

if (tty) {
	process.stdin.setRawMode(true);
	process.stdin.setEncoding('utf8');
	write('\x1b[?2004h');
	const decoder = new KeyDecoder();
	let escapeTimer: NodeJS.Timeout | undefined;
	process.stdin.on('data', (chunk: string) => {
		clearTimeout(escapeTimer);
		for (const key of decoder.feed(chunk)) app.handleKey(key);
		if (decoder.pending && !decoder.inPaste) {
			escapeTimer = setTimeout(() => {
				for (const key of decoder.flush()) app.handleKey(key);
			}, escapeTimeoutMs);
		}
	});
	process.stdin.on('end', () => exit(0));
	process.stdout.on('resize', () => tty.resize());
} else {
	const lines = createInterface({input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY});
	lines.on('line', (line) => app.submit(line));
	lines.on('close', () => app.endOfInput());
}

app.start();
// Under the banner: the earlier turns of a resumed conversation, as Claude Code redraws them.
if (earlier) output.print(resumedLines(config.sessionId, earlier.turns));
