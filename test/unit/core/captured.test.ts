import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {deadFromBanner, detectCapturedScreen} from '../../../src/core/state/captured.js';

const rulesOf = (id: string) => {
	const adapter = builtinAdapters.find((candidate) => candidate.id === id);
	if (!adapter) throw new Error(id);
	return adapter.screenRules;
};

describe("tmux's dead-pane banner on a captured screen", () => {
	it.each<[string, string[], ReturnType<typeof deadFromBanner>]>([
		['exit status', ['bye', '', 'Pane is dead (status 0, Tue Dec  8 01:00:00 2026)'], {dead: true, deadStatus: 0, deadSignal: undefined}],
		['a signal', ['Pane is dead (signal 9, Tue Dec  8 01:00:00 2026)', '', ''], {dead: true, deadStatus: undefined, deadSignal: 9}],
		['quoted in an answer (indented)', ['  Pane is dead (status 1, Tue Dec  8 01:00:00 2026)', '❯'], {dead: false, deadStatus: undefined, deadSignal: undefined}],
		['older than the last three rows', ['Pane is dead (status 1, x)', 'a', 'b', 'c'], {dead: false, deadStatus: undefined, deadSignal: undefined}],
		['other wording', ['Pane is dead'], {dead: false, deadStatus: undefined, deadSignal: undefined}],
	])('%s', (_name, lines, expected) => {
		expect(deadFromBanner(lines)).toEqual(expected);
	});

	it.each(builtinAdapters.map((adapter) => adapter.id))('%s: stopped, with the status, whatever the CLI', (id) => {
		const verdict = detectCapturedScreen({lines: ['last words', 'Pane is dead (status 3, Tue Dec  8 01:00:00 2026)'], rules: rulesOf(id)});
		expect(verdict).toMatchObject({state: 'stopped', rule: 'pane.dead', exitStatus: 3});
	});
});

/**
 * A CLI that exited to the shell that started it: its goodbye (the CLIs' own words, from their
 * releases' text), then a shell prompt. The same goodbye quoted in an answer, with the CLI's input
 * box still under it, is not an exit.
 */
describe('exited to a shell', () => {
	const cases: Array<[runtime: string, goodbye: string[]]> = [
		['claude-code', ['', 'Resume this session with:', 'claude --resume 4f2c8a1e-9b3d-4c5e-8f7a-1b2c3d4e5f60']],
		['codex', ['Token usage: total=1,234 input=1,000 output=234', 'To continue this session, run codex resume 0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']],
		['gemini-cli', ['Agent powering down. Goodbye!', '╭──────────────────────╮', '│ Interaction Summary  │', '╰──────────────────────╯']],
		['qwen-code', ['Agent powering down. Goodbye!', '╭──────────────────────╮', '│ Interaction Summary  │', '╰──────────────────────╯']],
		['opencode', ['  Session   Fix the parser', '  Continue  opencode -s ses_3f2a9c81effe']],
		['copilot', ['Resume this session with copilot --resume=2b7e1f90-aa41-4c1e-9a55-0f3d2c1b4a99']],
	];
	const prompts = ['dev@box:~/project$ ', 'root@ci:/work# ', '$ ', '% '];
	it.each(cases)('%s: its goodbye, then a shell prompt: stopped', (runtime, goodbye) => {
		for (const prompt of prompts) expect(detectCapturedScreen({lines: ['● earlier answer', ...goodbye, prompt], rules: rulesOf(runtime)}).state, prompt).toBe('stopped');
	});
	it.each(cases)('%s: the goodbye without a shell prompt under it is not an exit', (runtime, goodbye) => {
		expect(detectCapturedScreen({lines: ['● earlier answer', ...goodbye, '> what next?'], rules: rulesOf(runtime)}).state).not.toBe('stopped');
	});
});
