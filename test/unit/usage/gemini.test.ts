import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {geminiTokens, scanUsage} from '../../../src/core/usage/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {geminiMeta, geminiReply, writeLines} from '../../fixtures/usage/logs.js';

describe('Gemini CLI chats', () => {
	let temp: ReturnType<typeof makeTempDir>;
	let gemini: string;
	beforeEach(() => {
		temp = makeTempDir('tutti-usage-gemini-');
		gemini = path.join(temp.dir, 'home', '.gemini');
	});
	afterEach(() => temp.cleanup());
	const scan = (knownPaths: string[] = []) => scanUsage({env: {HOME: path.join(temp.dir, 'home')}, sources: ['gemini-cli'], knownPaths});

	it('maps Gemini tokens: cached comes out of input, thoughts go to output, tool prompt tokens to input', () => {
		expect(geminiTokens({input: 1000, output: 50, cached: 700, thoughts: 120, tool: 30, total: 1200})).toEqual({input_tokens: 330, output_tokens: 170, cache_read_tokens: 700, cache_creation_tokens: 0});
	});

	it('counts each reply once although Gemini re-appends a message whenever it changes', async () => {
		const project = '/work/gem-project';
		const dir = path.join(gemini, 'tmp', 'gem-project');
		mkdirSync(dir, {recursive: true});
		writeFileSync(path.join(dir, '.project_root'), `${project}\n`);
		writeLines(path.join(dir, 'chats', 'session-2025-06-01T10-00-abcd1234.jsonl'), [
			geminiMeta('abcd1234-full-id', 'hash', '2025-06-01T10:00:00.000Z'),
			{id: 'u1', timestamp: '2025-06-01T10:00:01.000Z', type: 'user', content: [{text: 'hi'}]},
			geminiReply('g1', '2025-06-01T10:00:02.000Z', 'gemini-2.5-pro', null),
			geminiReply('g1', '2025-06-01T10:00:02.000Z', 'gemini-2.5-pro', {input: 1000, output: 50, cached: 700, thoughts: 120}),
			{...geminiReply('g1', '2025-06-01T10:00:02.000Z', 'gemini-2.5-pro', {input: 1000, output: 50, cached: 700, thoughts: 120}), toolCalls: [{id: 't', name: 'ls'}]},
			{$set: {lastUpdated: '2025-06-01T10:00:03.000Z'}},
			geminiReply('g2', '2025-06-01T10:00:05.000Z', 'gemini-2.5-flash', {input: 2000, output: 10, cached: 1500}),
			'{"id":"g3","type":"gemini","tokens":{"input":',
		]);
		const result = await scan();
		expect(result.records.map((record) => [record.model, record.sessionId, record.cwd, record.input_tokens, record.output_tokens, record.cache_read_tokens])).toEqual([
			['gemini-2.5-pro', 'abcd1234-full-id', project, 300, 170, 700],
			['gemini-2.5-flash', 'abcd1234-full-id', project, 500, 10, 1500],
		]);
		expect(result.skipped_lines).toBe(1);
	});

	it('finds the project of a folder from projects.json, or from the SHA-256 name older versions used', async () => {
		writeLines(path.join(gemini, 'tmp', 'slugged', 'chats', 'session-a.jsonl'), [geminiMeta('a', 'h', '2025-06-01T00:00:00Z'), geminiReply('1', '2025-06-01T00:00:01Z', 'gemini-2.5-pro', {input: 1, output: 1})]);
		writeFileSync(path.join(gemini, 'projects.json'), JSON.stringify({projects: {'/work/registered': 'slugged'}}));
		const hashed = '/work/hashed';
		const hash = createHash('sha256').update(hashed).digest('hex');
		writeLines(path.join(gemini, 'tmp', hash, 'chats', 'session-b.jsonl'), [geminiMeta('b', hash, '2025-06-01T00:00:00Z'), geminiReply('1', '2025-06-01T00:00:01Z', 'gemini-2.5-pro', {input: 1, output: 1})]);
		const unknown = writeLines(path.join(gemini, 'tmp', 'f'.repeat(64), 'chats', 'session-c.jsonl'), [geminiReply('1', '2025-06-01T00:00:01Z', 'gemini-2.5-pro', {input: 1, output: 1})]);
		const result = await scan(['/work/other', hashed]);
		const bySession = Object.fromEntries(result.records.map((record) => [record.sessionId, record.cwd]));
		expect(bySession).toEqual({a: '/work/registered', b: hashed, [path.basename(unknown, '.jsonl')]: ''});
	});
});
