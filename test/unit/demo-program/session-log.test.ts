import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {
	apiErrorEntry,
	assistantEntries,
	projectSlug,
	SessionLog,
	sessionLogPath,
	UsageModel,
	type Ids,
	type LogContext,
} from '../../../src/adapters/demo/program/session-log.js';
import {readTool} from '../../../src/adapters/demo/program/turn.js';
import {makeTempDir} from '../../helpers/sandbox.js';

function counterIds(): Ids {
	let n = 0;
	return {
		uuid: () => `uuid-${++n}`,
		messageId: () => `msg_${++n}`,
		requestId: () => `req_${++n}`,
		toolUseId: () => `toolu_${++n}`,
	};
}

type LogLine = {
	type: string;
	uuid: string;
	parentUuid: string | null;
	requestId?: string;
	message: {id: string; content: unknown[]; usage: unknown};
};

const context: LogContext = {sessionId: 's-1', cwd: '/tmp/a.b/c', model: 'claude-sonnet-4-5', version: 'test'};
const usage = {
	input_tokens: 5,
	cache_creation_input_tokens: 300,
	cache_read_input_tokens: 15_000,
	output_tokens: 30,
	service_tier: 'standard' as const,
};

describe('paths', () => {
	it('encodes the cwd like Claude Code', () => {
		expect(projectSlug('/tmp/a.b/c')).toBe('-tmp-a-b-c');
		expect(projectSlug('/home/me/my_project-1')).toBe('-home-me-my-project-1');
		expect(sessionLogPath('/h', '/tmp/a.b/c', 'abc')).toBe(path.join('/h', 'projects', '-tmp-a-b-c', 'abc.jsonl'));
	});
});

describe('assistantEntries', () => {
	it('writes one line for a plain reply', () => {
		const entries = assistantEntries(context, counterIds(), 'u0', {text: 'hi', tools: [], usage}, 'T');
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			type: 'assistant',
			sessionId: 's-1',
			cwd: '/tmp/a.b/c',
			parentUuid: 'u0',
			requestId: 'req_2',
			timestamp: 'T',
			message: {id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{type: 'text', text: 'hi'}], usage},
		});
	});

	it('repeats message id, request id and usage on the tool_use line (deduplicable)', () => {
		const entries = assistantEntries(context, counterIds(), 'u0', {text: 'done', tools: [readTool('a.ts', 1)], usage}, 'T');
		expect(entries).toHaveLength(2);
		const [tool, text] = entries as unknown as [LogLine, LogLine];
		expect(tool.message.content).toEqual([{type: 'tool_use', id: 'toolu_3', name: 'Read', input: {file_path: 'a.ts'}}]);
		expect(text.message.content).toEqual([{type: 'text', text: 'done'}]);
		expect(tool.message.id).toBe(text.message.id);
		expect(tool.requestId).toBe(text.requestId);
		expect(tool.message.usage).toEqual(text.message.usage);
		expect(tool.uuid).not.toBe(text.uuid);
		expect(text.parentUuid).toBe(tool.uuid);
		const unique = new Set((entries as unknown as LogLine[]).map((entry) => `${entry.message.id}:${entry.requestId}`));
		expect(unique.size).toBe(1);
	});

	it('marks API errors like Claude Code', () => {
		expect(apiErrorEntry(context, counterIds(), null, {text: 'API Error: 401', error: 'authentication_failed'}, 'T')).toMatchObject({
			type: 'assistant',
			isApiErrorMessage: true,
			error: 'authentication_failed',
			message: {model: '<synthetic>', content: [{type: 'text', text: 'API Error: 401'}], usage: {input_tokens: 0, output_tokens: 0}},
		});
	});
});

describe('UsageModel', () => {
	it('is deterministic and grows the cache read with the conversation', () => {
		const a = new UsageModel();
		const b = new UsageModel();
		const first = a.next('hello world', 'Done.', 1);
		expect(b.next('hello world', 'Done.', 1)).toEqual(first);
		expect(first.input_tokens).toBe(3 + Math.ceil('hello world'.length / 4));
		expect(first.cache_read_input_tokens).toBeGreaterThanOrEqual(15_000);
		expect(first.cache_read_input_tokens).toBeLessThan(15_500);
		expect(first.cache_creation_input_tokens).toBeGreaterThanOrEqual(300);
		expect(first.cache_creation_input_tokens).toBeLessThan(500);
		const second = a.next('again', 'ok', 0);
		expect(second.cache_read_input_tokens).toBe(first.cache_read_input_tokens + first.cache_creation_input_tokens);
		expect(second.cache_creation_input_tokens).toBe(first.input_tokens + first.output_tokens);
		expect(second.output_tokens).toBe(20 + 1);
	});
});

describe('SessionLog', () => {
	let cleanup = () => {};
	afterEach(() => cleanup());

	it('appends a chained turn to the JSONL file', () => {
		const temp = makeTempDir();
		cleanup = temp.cleanup;
		const file = sessionLogPath(temp.dir, '/w/x', 'sid');
		const log = new SessionLog(file, {...context, cwd: '/w/x', sessionId: 'sid'}, counterIds(), () => new Date(0));
		log.user('write a b');
		log.assistant('write a b', 'Wrote a (2 bytes)', [readTool('a', 1)]);
		log.user('fail auth');
		log.apiError('API Error: 401', 'authentication_failed');
		const lines = readFileSync(file, 'utf8')
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as LogLine);
		expect(lines.map((line) => line.type)).toEqual(['user', 'assistant', 'assistant', 'user', 'assistant']);
		expect(lines[0]).toMatchObject({
			parentUuid: null,
			sessionId: 'sid',
			message: {role: 'user', content: 'write a b'},
			timestamp: '1970-01-01T00:00:00.000Z',
		});
		for (let i = 1; i < lines.length; i++) expect(lines[i]?.parentUuid).toBe(lines[i - 1]?.uuid);
	});

	it('never throws when the log cannot be written', () => {
		const temp = makeTempDir();
		cleanup = temp.cleanup;
		const blocker = path.join(temp.dir, 'file');
		writeFileSync(blocker, '');
		const log = new SessionLog(path.join(blocker, 'sub', 'log.jsonl'), context);
		expect(() => log.user('x')).not.toThrow();
		expect(() => log.user('y')).not.toThrow();
	});
});
