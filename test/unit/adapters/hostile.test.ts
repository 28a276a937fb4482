import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {adapter, context} from './launch-context.js';

const hostile = [
	`'; rm -rf / #`,
	'$(touch /tmp/tutti-pwned) `id` ${HOME}',
	'line one\nline two\n  "quoted" \\ backslash',
	'-h',
	'--dangerously-skip-permissions',
	'update',
	'* ? [a-z] ~ && || | > /dev/null',
];

describe('hostile prompt text stays one literal argv element', () => {
	it.each(hostile)('%j', (prompt) => {
		for (const candidate of builtinAdapters) {
			const command = candidate.id === 'custom' ? ['my-agent'] : undefined;
			const spec = candidate.launch(context({prompt, command, mode: 'safe'}));
			const deferred = spec.env['TUTTI_DEFERRED_PROMPT'] === '1';
			if (deferred) {
				expect(spec.argv.some((arg) => arg.includes(prompt)), candidate.id).toBe(false);
				expect(spec.files.find((file) => file.path.endsWith('runtime-prompts/dev.txt'))?.content).toBe(prompt);
				continue;
			}
			// The prompt is exactly one element, either the value after its flag / `--`, or `--long=<prompt>`.
			const index = spec.argv.findIndex((arg) => arg === prompt || arg.endsWith(`=${prompt}`));
			expect(index, candidate.id).toBe(spec.argv.length - 1);
			const previous = spec.argv[index - 1];
			if (spec.argv[index] === prompt) expect(['--', '-i', '--prompt', '--message'], candidate.id).toContain(previous);
			else expect(prompt.startsWith('-'), candidate.id).toBe(true);
		}
	});

	it('flag-like prompts use the --long=value form for option-taking CLIs', () => {
		expect(adapter('gemini-cli').launch(context({prompt: '-h'})).argv.at(-1)).toBe('--prompt-interactive=-h');
		expect(adapter('copilot').launch(context({prompt: '--yolo'})).argv.at(-1)).toBe('--interactive=--yolo');
		expect(adapter('opencode').launch(context({prompt: '-x'})).argv.at(-1)).toBe('--prompt=-x');
		expect(adapter('openclaw').launch(context({prompt: '-h'})).argv.at(-1)).toBe('--message=-h');
		expect(adapter('claude-code').launch(context({prompt: '-h'})).argv.slice(-2)).toEqual(['--', '-h']);
	});

	it('a user shell command still passes every argument literally (run for real through sh)', () => {
		for (const prompt of hostile) {
			const spec = adapter('codex').launch(context({prompt, command: `printf '%s\\0'`, extraArgs: ['a b', '$(x)']}));
			expect(spec.argv.slice(0, 2)).toEqual(['sh', '-c']);
			const result = spawnSync(spec.argv[0] ?? 'sh', spec.argv.slice(1), {encoding: 'utf8'});
			expect(result.status).toBe(0);
			expect(result.stdout.split('\0').slice(0, -1)).toEqual(['a b', '$(x)', '--', prompt]);
		}
	});
});
