import {describe, expect, it} from 'vitest';
import {checkRelativePath, firstWords, parsePrompt} from '../../../src/adapters/demo/program/commands.js';

describe('parsePrompt', () => {
	it('parses write and append with a path and literal text', () => {
		expect(parsePrompt('write hello.txt hi there')).toEqual({kind: 'write', path: 'hello.txt', text: 'hi there'});
		expect(parsePrompt('append notes/a.md  more  text ')).toEqual({kind: 'append', path: 'notes/a.md', text: 'more  text '});
		expect(parsePrompt('write empty.txt')).toEqual({kind: 'write', path: 'empty.txt', text: ''});
		expect(parsePrompt('write a.txt $(rm -rf /) `id` "q"')).toEqual({kind: 'write', path: 'a.txt', text: '$(rm -rf /) `id` "q"'});
	});

	it('chains file and git commands with && only where a command keyword follows', () => {
		expect(parsePrompt('append notes.md hi && commit add notes')).toEqual({
			kind: 'chain',
			steps: [
				{kind: 'append', path: 'notes.md', text: 'hi'},
				{kind: 'commit', message: 'add notes'},
			],
		});
		expect(parsePrompt('write a.txt x  &&  SLEEP 1 && commit m')).toMatchObject({kind: 'chain', steps: [{kind: 'write'}, {kind: 'sleep', seconds: 1}, {kind: 'commit'}]});
		// Text that merely contains && stays text; echo and chat are never split.
		expect(parsePrompt('write run.sh npm test && npm run build')).toEqual({kind: 'write', path: 'run.sh', text: 'npm test && npm run build'});
		expect(parsePrompt('write a.txt x &&commit m')).toMatchObject({kind: 'write', text: 'x &&commit m'});
		expect(parsePrompt('echo a && commit b')).toEqual({kind: 'echo', text: 'a && commit b'});
		expect(parsePrompt('look at it && commit b')).toMatchObject({kind: 'chat'});
		// A bad link keeps its refusal; the chain stops there when it runs.
		expect(parsePrompt('write ../x hi && commit m')).toMatchObject({kind: 'chain', steps: [{kind: 'invalid'}, {kind: 'commit'}]});
		expect(parsePrompt('commit m && commit')).toMatchObject({kind: 'chain', steps: [{kind: 'commit'}, {kind: 'invalid'}]});
	});

	it('merges one branch name, never an option, and chains like commit', () => {
		expect(parsePrompt('merge main && write a.txt fixed && commit resolve')).toEqual({
			kind: 'chain',
			steps: [
				{kind: 'merge', ref: 'main'},
				{kind: 'write', path: 'a.txt', text: 'fixed'},
				{kind: 'commit', message: 'resolve'},
			],
		});
		expect(parsePrompt('merge tutti/a')).toEqual({kind: 'merge', ref: 'tutti/a'});
		for (const bad of ['merge', 'merge --abort', 'merge main other', 'merge -X ours']) expect(parsePrompt(bad)).toMatchObject({kind: 'invalid'});
	});

	it('matches keywords case-insensitively and skips extra spaces', () => {
		expect(parsePrompt('  WRITE   a.txt   x')).toEqual({kind: 'write', path: 'a.txt', text: 'x'});
		expect(parsePrompt('Commit   add hello ')).toEqual({kind: 'commit', message: 'add hello'});
		expect(parsePrompt('SLEEP 2')).toEqual({kind: 'sleep', seconds: 2});
		expect(parsePrompt('Fail AUTH')).toEqual({kind: 'fail', failure: 'auth'});
	});

	it('refuses paths outside the working directory', () => {
		const refused = (prompt: string, path: string) =>
			expect(parsePrompt(prompt)).toEqual({kind: 'invalid', message: `refusing to write outside the working directory: ${path}`});
		refused('write ../x hi', '../x');
		refused('write /etc/x hi', '/etc/x');
		refused('append a/../../b hi', 'a/../../b');
		refused('write ..\\x hi', '..\\x');
		refused('write C:/x hi', 'C:/x');
		expect(parsePrompt('write dir/ hi').kind).toBe('invalid');
		expect(parsePrompt('write').kind).toBe('invalid');
	});

	it('parses commit, sleep, fail, ask, exit and echo', () => {
		expect(parsePrompt('commit')).toMatchObject({kind: 'invalid'});
		expect(parsePrompt('sleep 0.5')).toEqual({kind: 'sleep', seconds: 0.5});
		expect(parsePrompt('sleep 99999')).toEqual({kind: 'sleep', seconds: 3600});
		expect(parsePrompt('sleep soon')).toMatchObject({kind: 'invalid'});
		expect(parsePrompt('sleep -1')).toMatchObject({kind: 'invalid'});
		expect(parsePrompt('fail ratelimit')).toEqual({kind: 'fail', failure: 'ratelimit'});
		expect(parsePrompt('fail rate-limit')).toEqual({kind: 'fail', failure: 'ratelimit'});
		expect(parsePrompt('fail provider')).toEqual({kind: 'fail', failure: 'provider'});
		expect(parsePrompt('fail disk')).toMatchObject({kind: 'invalid'});
		expect(parsePrompt('ask Delete the database?')).toEqual({kind: 'ask', question: 'Delete the database?'});
		expect(parsePrompt('exit 3')).toEqual({kind: 'exit', code: 3});
		expect(parsePrompt('exit')).toEqual({kind: 'exit', code: 0});
		expect(parsePrompt('exit 256')).toMatchObject({kind: 'invalid'});
		expect(parsePrompt('/exit')).toEqual({kind: 'exit', code: 0});
	});

	it('keeps echo text exactly, newlines and quotes included', () => {
		expect(parsePrompt('echo line1\nline2')).toEqual({kind: 'echo', text: 'line1\nline2'});
		expect(parsePrompt(`echo it's "$(whoami)" & ; | > x`)).toEqual({kind: 'echo', text: `it's "$(whoami)" & ; | > x`});
		expect(parsePrompt('echo  two  spaces ')).toEqual({kind: 'echo', text: 'two  spaces '});
	});

	it('treats anything else as chat', () => {
		expect(parsePrompt('please fix the bug')).toEqual({kind: 'chat', prompt: 'please fix the bug'});
		expect(parsePrompt('writer a b')).toEqual({kind: 'chat', prompt: 'writer a b'});
	});
});

describe('helpers', () => {
	it('checks relative paths', () => {
		expect(checkRelativePath('a/b.txt')).toBeUndefined();
		expect(checkRelativePath('./a')).toBeUndefined();
		expect(checkRelativePath('.')).toMatch(/not a file/);
		expect(checkRelativePath('a\0b')).toMatch(/refusing/);
	});

	it('takes the first words of a prompt', () => {
		expect(firstWords('  one two\nthree four five six seven ')).toBe('one two three four five six');
	});
});
