import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {answerCommand, commitAll, resolveInside, writeText, type AnsweredCommand} from '../../../src/adapters/demo/program/actions.js';
import {readConfig} from '../../../src/adapters/demo/program/config.js';
import {parsePrompt} from '../../../src/adapters/demo/program/commands.js';
import {chatAnswer, chatTools, planTurn} from '../../../src/adapters/demo/program/turn.js';
import {makeGitRepo, makeTempDir} from '../../helpers/sandbox.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups) cleanup();
	cleanups = [];
});

function temp(): string {
	const {dir, cleanup} = makeTempDir('tutti-demo-');
	cleanups.push(cleanup);
	return dir;
}

describe('writeText', () => {
	it('writes and appends text plus a newline, creating parent directories', () => {
		const dir = temp();
		expect(writeText(dir, 'a/b/c.txt', 'hi there', 'write')).toMatchObject({
			ok: true,
			answer: 'Wrote a/b/c.txt (9 bytes)',
			tool: {name: 'Write'},
		});
		expect(writeText(dir, 'a/b/c.txt', 'more', 'append')).toMatchObject({ok: true, answer: 'Appended a/b/c.txt (5 bytes)'});
		expect(readFileSync(path.join(dir, 'a/b/c.txt'), 'utf8')).toBe('hi there\nmore\n');
	});

	it('refuses to leave the working directory, also through symlinks', () => {
		const dir = temp();
		const outside = temp();
		symlinkSync(outside, path.join(dir, 'link'));
		expect(writeText(dir, '../x', 'hi', 'write').answer).toBe('Error: refusing to write outside the working directory: ../x');
		expect(writeText(dir, '/etc/x', 'hi', 'write').ok).toBe(false);
		expect(writeText(dir, 'link/x', 'hi', 'write').answer).toBe('Error: refusing to write outside the working directory: link/x');
		expect(existsSync(path.join(outside, 'x'))).toBe(false);
		symlinkSync(path.join(outside, 'target'), path.join(dir, 'file-link'));
		expect('error' in resolveInside(dir, 'file-link')).toBe(true);
	});

	it('reports a write that fails', () => {
		const dir = temp();
		mkdirSync(path.join(dir, 'taken'));
		expect(writeText(dir, 'taken', 'x', 'write').answer).toMatch(/^Error: could not write taken: /);
	});
});

describe('commitAll', () => {
	it('commits everything and answers with the short hash', () => {
		const dir = makeGitRepo(temp());
		writeText(dir, 'hello.txt', 'hi', 'write');
		const result = commitAll(dir, 'add hello');
		const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: dir, encoding: 'utf8'}).trim();
		expect(result).toMatchObject({ok: true, answer: `Committed ${hash}: add hello`});
		expect(execFileSync('git', ['log', '-1', '--format=%s'], {cwd: dir, encoding: 'utf8'}).trim()).toBe('add hello');
	});

	it('passes the message literally (no shell) and reports git errors', () => {
		const dir = makeGitRepo(temp());
		writeText(dir, 'x.txt', 'x', 'write');
		expect(commitAll(dir, '$(touch pwned) "quoted" `id`').ok).toBe(true);
		expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
		expect(execFileSync('git', ['log', '-1', '--format=%s'], {cwd: dir, encoding: 'utf8'}).trim()).toBe('$(touch pwned) "quoted" `id`');
		expect(commitAll(dir, 'again').answer).toMatch(/^Error: git commit failed: nothing to commit/);
		expect(commitAll(temp(), 'not a repo').answer).toMatch(/^Error: git add failed: fatal: not a git repository/);
	});
});

describe('turn planning', () => {
	it('plans the working phase per command', () => {
		expect(planTurn(parsePrompt('sleep 1.5'), 2500)).toMatchObject({workMs: 1500, tools: [{name: 'Bash', label: 'sleep 1.5'}]});
		expect(planTurn(parsePrompt('fail auth'), 2500)).toEqual({workMs: 500, tools: []});
		expect(planTurn(parsePrompt('ask ok?'), 100)).toEqual({workMs: 100, tools: []});
		expect(planTurn(parsePrompt('echo x'), 2500)).toEqual({workMs: 2500, tools: []});
		expect(planTurn(parsePrompt('commit m'), 10).tools.map((tool) => tool.label)).toEqual(['git status', 'git diff --stat']);
	});

	it('derives 1–3 tool calls from the prompt, deterministically', () => {
		const prompts = ['fix the bug in src/server.ts', 'hello', 'refactor everything please', 'why is the build slow', 'add tests'];
		for (const prompt of prompts) {
			const tools = chatTools(prompt);
			expect(tools.length).toBeGreaterThanOrEqual(1);
			expect(tools.length).toBeLessThanOrEqual(3);
			expect(chatTools(prompt)).toEqual(tools);
		}
		expect(chatTools('fix the bug in src/server.ts')[0]).toMatchObject({name: 'Read', label: 'src/server.ts'});
	});

	it('answers chat prompts with their first words', () => {
		expect(chatAnswer('please look at the "login" flow and tell me more')).toBe(
			`Done: looked into "please look at the 'login' flow" — no changes needed.`,
		);
		const answer = (prompt: string) => answerCommand(parsePrompt(prompt) as AnsweredCommand, '/nowhere');
		expect(answer('sleep 0.25')).toEqual({ok: true, answer: 'Slept 0.25s'});
		expect(answer('echo a\nb')).toEqual({ok: true, answer: 'a\nb'});
		expect(answer('fail nope')).toMatchObject({ok: false, answer: expect.stringMatching(/^Error: unknown failure/) as unknown});
	});
});

describe('readConfig', () => {
	it('reads defaults and overrides from the environment', () => {
		expect(readConfig({HOME: '/home/me'}, '/w')).toMatchObject({
			agent: 'demo',
			cwd: '/w',
			workMs: 2500,
			startupMs: 300,
			home: '/home/me/.tutti-demo',
			model: 'claude-sonnet-4-5',
		});
		const config = readConfig(
			{
				TUTTI_AGENT: 'alice',
				TUTTI_DEMO_WORK_MS: '50',
				TUTTI_DEMO_STARTUP_MS: '0',
				TUTTI_DEMO_HOME: '/d',
				TUTTI_DEMO_SESSION_ID: 'abc-1',
				TUTTI_DEMO_MODEL: 'm',
			},
			'/w',
		);
		expect(config).toEqual({agent: 'alice', cwd: '/w', workMs: 50, startupMs: 0, home: '/d', sessionId: 'abc-1', resume: false, model: 'm'});
		expect(readConfig({TUTTI_DEMO_WORK_MS: 'soon'}, '/w').workMs).toBe(2500);
		expect(readConfig({TUTTI_DEMO_SESSION_ID: '../../etc/x'}, '/w').sessionId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('takes the session from --session-id or --resume, as Claude Code does, over the environment', () => {
		expect(readConfig({TUTTI_DEMO_SESSION_ID: 'env-id'}, '/w', ['--session-id', 'abc-2'])).toMatchObject({sessionId: 'abc-2', resume: false});
		expect(readConfig({}, '/w', ['--model', 'x', '--resume=abc-3'])).toMatchObject({sessionId: 'abc-3', resume: true});
		expect(() => readConfig({}, '/w', ['--resume'])).toThrow('--resume needs a session id');
		expect(() => readConfig({}, '/w', ['--session-id', '../x'])).toThrow('--session-id needs a session id');
	});
});
