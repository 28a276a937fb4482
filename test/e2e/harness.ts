import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {expect} from 'vitest';
import {builtinAdapters} from '../../src/adapters/index.js';
import {detectCapturedScreen} from '../../src/core/state/captured.js';
import type {AgentState} from '../../src/core/state/types.js';
import {repoRoot} from '../helpers/tt.js';
import type {CliRuntime} from './world.js';

const run = promisify(execFile);

export {cliPath, requireClis, setupTimeoutMs, type E2eClis} from './clis.js';
export {killProcessesWithEnv, makeE2eWorld, type CliRuntime, type E2eWorld} from './world.js';

// ------------------------------------------------------------------ screens

export const fixtureSizes: ReadonlyArray<readonly [number, number]> = [
	[200, 50],
	[120, 40],
	[80, 24],
];

export const recording = process.env['TUTTI_RECORD_SCREENS'] === '1';
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'screens');

export type CapturedScreen = {cols: number; rows: number; lines: string[]; title: string};

/** Captures the pane as plain rows, with its title. */
export async function capture(socket: string, session: string): Promise<{lines: string[]; title: string; cols: number; rows: number}> {
	const target = `=${session}:`;
	const [{stdout: text}, {stdout: info}] = await Promise.all([
		run('tmux', ['-L', socket, 'capture-pane', '-p', '-t', target]),
		run('tmux', ['-L', socket, 'display-message', '-p', '-t', target, '#{pane_width}\t#{pane_height}\t#{pane_title}']),
	]);
	const [cols = '0', rows = '0', ...title] = info.replace(/\n$/, '').split('\t');
	return {lines: text.replace(/\n$/, '').split('\n').map((line) => line.trimEnd()), title: title.join('\t'), cols: Number(cols), rows: Number(rows)};
}

/**
 * Shows the live screen at each fixture size (resize-window, then waits for the CLI to redraw
 * and settle) and checks the adapter's rules on each. With TUTTI_RECORD_SCREENS=1 the screens
 * are written as fixtures `<runtime>/<state>--<scenario>--<cols>x<rows>.txt`. Returns to the first
 * size afterwards.
 */
export async function checkScreens(options: {
	socket: string;
	session: string;
	runtime: CliRuntime;
	state: AgentState;
	scenario: string;
	/**
	 * The CLI's version when it is not the pinned one: recorded as `--v<version>` after the scenario,
	 * so fixtures of several versions of one CLI sit side by side (and are scored per version).
	 */
	version?: string;
	/** Sizes to check (recording always uses every fixture size). @default fixtureSizes */
	sizes?: ReadonlyArray<readonly [number, number]>;
	check?: (screen: CapturedScreen) => void;
}): Promise<CapturedScreen[]> {
	const adapter = builtinAdapters.find((candidate) => candidate.id === options.runtime);
	if (!adapter) throw new Error(options.runtime);
	const screens: CapturedScreen[] = [];
	for (const [cols, rows] of recording ? fixtureSizes : (options.sizes ?? fixtureSizes)) {
		await run('tmux', ['-L', options.socket, 'resize-window', '-t', `=${options.session}:`, '-x', String(cols), '-y', String(rows)]);
		const screen = await settled(options.socket, options.session, cols, rows);
		screens.push(screen);
		if (recording) writeFixture(options.runtime, `${options.state}--${options.scenario}${options.version ? `--v${options.version}` : ''}--${cols}x${rows}`, screen);
		const verdict = detectCapturedScreen({lines: screen.lines, title: screen.title, rules: adapter.screenRules});
		expect.soft({state: verdict?.state, size: `${cols}x${rows}`}, `${options.scenario} ${cols}x${rows}: matched ${verdict.rule ?? 'nothing'} on ${JSON.stringify(verdict.detail)}\n${screen.lines.join('\n')}`).toEqual({
			state: options.state,
			size: `${cols}x${rows}`,
		});
		options.check?.(screen);
	}
	const [cols, rows] = fixtureSizes[0] ?? [200, 50];
	await run('tmux', ['-L', options.socket, 'resize-window', '-t', `=${options.session}:`, '-x', String(cols), '-y', String(rows)]);
	// The CLI redraws after the resize; the test's next keys should not land in the middle of it.
	await settled(options.socket, options.session, cols, rows);
	return screens;
}

/**
 * Waits until the pane has the size and two captures 300 ms apart agree (at most ~2 s: spinners
 * never settle; ~5 s while it stays blank: a CLI that clears the screen on resize and redraws
 * slowly under load is not settled on its blank screen).
 */
async function settled(socket: string, session: string, cols: number, rows: number): Promise<CapturedScreen> {
	const started = Date.now();
	let previous: CapturedScreen | undefined;
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		const screen = await capture(socket, session);
		const blank = screen.lines.every((line) => line.trim() === '');
		const deadline = started + (blank ? 5000 : 2000);
		const same = !blank && previous !== undefined && screen.cols === cols && screen.rows === rows && previous.lines.join('\n') === screen.lines.join('\n') && previous.title === screen.title;
		if (same || Date.now() > deadline) return screen;
		previous = screen;
	}
}

function writeFixture(runtime: string, name: string, screen: CapturedScreen): void {
	const dir = path.join(fixturesDir, runtime);
	mkdirSync(dir, {recursive: true});
	const lines = [...screen.lines];
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	const header = screen.title ? [`#! title: ${screen.title}`] : [];
	writeFileSync(path.join(dir, `${name}.txt`), `${[...header, ...lines].join('\n')}\n`);
}

/** Lines of `<stateDir>/signals.jsonl` written by `tt hook`. */
export function readSignals(stateDir: string): Array<{agent: string; runtime: string; event: string; state: string; detail?: string}> {
	const file = path.join(stateDir, 'signals.jsonl');
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as {agent: string; runtime: string; event: string; state: string; detail?: string});
}

/** Answer text that talks about errors and dialogs; the state must stay idle (trap screens). */
export const trapAnswer = [
	'Here is what the log said when the deploy failed:',
	'',
	'```',
	'API Error: Request rejected (429) · rate limit exceeded',
	'HTTP/1.1 401 Unauthorized',
	'Do you want to proceed?',
	'❯ 1. Yes',
	'```',
	'',
	'That rate limit and the 401 Unauthorized came from the old proxy; nothing is failing now.',
].join('\n');

/** An answer whose last lines quote a CLI's busy line; the state must stay idle. */
export function quotedBusyLineAnswer(busyLine: string): string {
	return ['While it worked, the status line under the transcript looked like this:', '', '```', busyLine, '```'].join('\n');
}
