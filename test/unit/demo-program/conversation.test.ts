import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {parseSessionArgs, readConversation, resumedLines, sessionRefusal} from '../../../src/adapters/demo/program/conversation.js';
import {SessionLog} from '../../../src/adapters/demo/program/session-log.js';
import {makeTempDir} from '../../helpers/sandbox.js';

describe('the demo agent resumes a conversation like Claude Code', () => {
	const temps: Array<{cleanup: () => void}> = [];
	const temp = () => {
		const made = makeTempDir('demo-conversation-');
		temps.push(made);
		return made.dir;
	};
	afterEach(() => {
		for (const made of temps.splice(0)) made.cleanup();
	});

	it('parses --session-id and --resume, leaving other arguments alone', () => {
		expect(parseSessionArgs([])).toEqual({kind: 'new', id: undefined});
		expect(parseSessionArgs(['--verbose', '--session-id', 'a-1'])).toEqual({kind: 'new', id: 'a-1'});
		expect(parseSessionArgs(['--resume', 'b-2', '--x'])).toEqual({kind: 'resume', id: 'b-2'});
		expect(() => parseSessionArgs(['--resume', '..'])).toThrow('--resume needs a session id');
	});

	it('refuses to reuse an id or to resume one that does not exist, in Claude Code words', () => {
		const file = path.join(temp(), 's.jsonl');
		expect(sessionRefusal({kind: 'resume', id: 's'}, file)).toBe('No conversation found with session ID: s');
		expect(sessionRefusal({kind: 'new', id: 's'}, file)).toBeUndefined();
		writeFileSync(file, '{}\n');
		expect(sessionRefusal({kind: 'new', id: 's'}, file)).toBe('Error: Session ID s is already in use.');
		expect(sessionRefusal({kind: 'resume', id: 's'}, file)).toBeUndefined();
	});

	it('reads the turns back from its log and continues the chain of parent uuids', () => {
		const file = path.join(temp(), 'projects', 'w', 's.jsonl');
		const context = {sessionId: 's', cwd: '/w', model: 'm', version: 't'};
		const first = new SessionLog(file, context);
		first.user('remember PINEAPPLE-42');
		first.assistant('remember PINEAPPLE-42', 'Noted: PINEAPPLE-42', [{name: 'Read', label: 'x', result: 'ok', input: {}}]);
		first.user('fail auth');
		first.apiError('API Error: 401 invalid x-api-key', 'authentication_failed');
		const earlier = readConversation(file);
		// The API error is no answer: it is not redrawn (it would read as a live error).
		expect(earlier.turns).toEqual([
			{prompt: 'remember PINEAPPLE-42', answer: 'Noted: PINEAPPLE-42'},
			{prompt: 'fail auth', answer: ''},
		]);
		expect(earlier.lastUuid).toMatch(/^[0-9a-f-]{36}$/);

		const resumed = new SessionLog(file, context, undefined, undefined, earlier.lastUuid);
		resumed.user('what was it?');
		const last = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '{}') as {parentUuid?: string};
		expect(last.parentUuid).toBe(earlier.lastUuid);
		const lines = readConversation(file);
		expect(lines.turns.map((turn) => turn.prompt)).toEqual(['remember PINEAPPLE-42', 'fail auth', 'what was it?']);
		expect(resumedLines('s', earlier.turns)).toEqual(['Resumed conversation s (2 earlier turns)', '', '> remember PINEAPPLE-42', '⏺ Noted: PINEAPPLE-42', '', '> fail auth']);
	});
});
