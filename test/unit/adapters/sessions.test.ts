import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {captureCodexThreads} from '../../../src/adapters/codex/sessions.js';
import {captureOpencodeSessions} from '../../../src/adapters/opencode/sessions.js';
import {openSqlite} from '../../../src/core/store/sqlite.js';
import {claudeProjectSlug} from '../../../src/adapters/shared/claude-sessions.js';
import type {ConversationLaunch, RuntimeId} from '../../../src/core/agents/adapter.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {adapter, context, SETTINGS, X} from './launch-context.js';

const ID = '0c6f1f4e-3b7a-4c59-9d2e-5a1b2c3d4e5f';
const fresh: ConversationLaunch = {kind: 'new', id: ID};
const resume: ConversationLaunch = {kind: 'resume', id: ID};
/** A resumed launch carries no initial prompt (up.ts leaves it out: the conversation has it). */
const argv = (id: RuntimeId, conversation: ConversationLaunch, overrides: Parameters<typeof context>[0] = {}) =>
	adapter(id).launch(context({conversation, ...(conversation.kind === 'resume' ? {prompt: undefined} : {}), ...overrides})).argv;

describe('each adapter declares how its CLI names and resumes a conversation', () => {
	it('says which CLIs have a session id tutti can resume by, and which do not', () => {
		const supported = builtinAdapters.filter((entry) => entry.session).map((entry) => [entry.id, entry.session?.identity]);
		expect(supported).toEqual([
			['claude-code', 'assigned'],
			['codex', 'captured'],
			['gemini-cli', 'assigned'],
			['qwen-code', 'assigned'],
			['opencode', 'captured'],
			['copilot', 'assigned'],
			['demo', 'assigned'],
		]);
		// aider (a chat history file, no id), openclaw and custom CLIs start a new conversation each time.
		expect(builtinAdapters.filter((entry) => !entry.session).map((entry) => entry.id)).toEqual(['aider', 'openclaw', 'custom']);
	});

	it('Claude Code: --session-id <uuid> tutti chose, --resume <id> (never --continue)', () => {
		expect(argv('claude-code', fresh)).toEqual(['claude', '--session-id', ID, '--settings', SETTINGS, ...X, '--', 'fix the bug']);
		expect(argv('claude-code', resume)).toEqual(['claude', '--resume', ID, '--settings', SETTINGS, ...X]);
		expect(argv('claude-code', resume, {mode: 'unattended', policy: 'bypass'})).toEqual(['claude', '--permission-mode', 'bypassPermissions', '--resume', ID, '--settings', SETTINGS, ...X]);
		expect(argv('claude-code', resume).join(' ')).not.toContain('--continue');
	});

	it('Codex: `codex resume <thread>` with the same options; the policy appendix is not sent again', () => {
		expect(argv('codex', {kind: 'new', id: undefined})).toEqual(['codex', ...X, '--', 'fix the bug']);
		expect(argv('codex', resume)).toEqual(['codex', 'resume', ID, ...X]);
		expect(argv('codex', resume, {mode: 'auto'})).toEqual(['codex', 'resume', ID, '-a', 'never', '-s', 'workspace-write', ...X]);
	});

	it('Gemini CLI and Qwen Code: --session-id <uuid>, --resume <id>', () => {
		expect(argv('gemini-cli', fresh)).toEqual(['gemini', '--session-id', ID, ...X, '-i', 'fix the bug']);
		expect(argv('gemini-cli', resume)).toEqual(['gemini', '--resume', ID, ...X]);
		expect(argv('qwen-code', resume, {mode: 'unattended', policy: 'bypass'})).toEqual(['qwen', '--yolo', '--resume', ID, ...X]);
	});

	it('Copilot CLI: --session-id <uuid>, --resume=<id>', () => {
		expect(argv('copilot', fresh)).toEqual(['copilot', '--session-id', ID, ...X, '-i', 'fix the bug']);
		expect(argv('copilot', resume)).toEqual(['copilot', `--resume=${ID}`, ...X]);
	});

	it('opencode: a new session needs no flag, --session <id> continues one', () => {
		expect(argv('opencode', {kind: 'new', id: undefined})).toEqual(['opencode', ...X, '--prompt', 'fix the bug']);
		expect(argv('opencode', {kind: 'resume', id: 'ses_abc'})).toEqual(['opencode', '--session', 'ses_abc', ...X]);
	});

	it('the demo agent takes the same flags as Claude Code', () => {
		expect(argv('demo', fresh)).toEqual(['/usr/bin/node', '/opt/tutti/dist/demo-agent.js', '--session-id', ID, ...X]);
		expect(argv('demo', resume)).toEqual(['/usr/bin/node', '/opt/tutti/dist/demo-agent.js', '--resume', ID, ...X]);
	});
});

describe("the CLIs' own files decide whether an id is this agent's", () => {
	const temps: Array<{cleanup: () => void}> = [];
	const dir = () => {
		const made = makeTempDir('sessions-');
		temps.push(made);
		return made.dir;
	};
	afterEach(() => {
		for (const made of temps.splice(0)) made.cleanup();
	});
	const write = (file: string, text: string) => {
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, text);
	};
	const mine = '/p/.tutti/worktrees/dev';
	const theirs = '/p/.tutti/worktrees/other';

	it('Claude Code and the demo: the transcript under the workdir slug, written in the workdir', () => {
		const configDir = dir();
		const verify = adapter('claude-code').session?.verify;
		if (!verify) throw new Error('claude-code declares no session support');
		expect(verify({id: ID, workdir: mine, configDir})).toMatchObject({found: false, reason: expect.stringContaining(`no transcript ${ID}.jsonl`) as unknown});
		write(path.join(configDir, 'projects', claudeProjectSlug(theirs), `${ID}.jsonl`), `${JSON.stringify({type: 'summary'})}\n${JSON.stringify({type: 'user', cwd: theirs, sessionId: ID})}\n`);
		expect(verify({id: ID, workdir: mine, configDir})).toMatchObject({found: false, reason: expect.stringContaining(`not in ${mine}`) as unknown});
		expect(verify({id: ID, workdir: theirs, configDir})).toMatchObject({found: true});
		expect(adapter('claude-code').session?.configDir({root: '/p', env: {HOME: '/h'}})).toBe('/h/.claude');
		expect(adapter('claude-code').session?.configDir({root: '/p', env: {HOME: '/h', CLAUDE_CONFIG_DIR: '/c'}})).toBe('/c');
		expect(adapter('demo').session?.configDir({root: '/p', env: {HOME: '/h'}})).toBe('/p/.tutti/demo-home');
		expect(verify({id: '../x', workdir: mine, configDir})).toMatchObject({found: false});
	});

	it('Codex: captures the one interactive thread started in the workdir since the launch', () => {
		const configDir = dir();
		const day = path.join(configDir, 'sessions', '2026', '12', '07');
		const rollout = (thread: string, cwd: string, at: string, source: unknown = 'cli') =>
			write(path.join(day, `rollout-${at.replace(/:/g, '-')}-${thread}.jsonl`), `${JSON.stringify({timestamp: at, type: 'session_meta', payload: {id: thread, timestamp: at, cwd, source}})}\n`);
		rollout('t-old', mine, '2026-12-07T09:00:00.000Z');
		rollout('t-mine', mine, '2026-12-07T10:00:05.000Z');
		rollout('t-theirs', theirs, '2026-12-07T10:00:06.000Z');
		rollout('t-exec', mine, '2026-12-07T10:00:07.000Z', 'exec');
		rollout('t-sub', mine, '2026-12-07T10:00:08.000Z', {subagent: 'review'});
		const since = '2026-12-07T10:00:00.000Z';
		expect(captureCodexThreads({workdir: mine, configDir, since})).toEqual(['t-mine']);
		rollout('t-new', mine, '2026-12-07T10:05:00.000Z');
		expect(captureCodexThreads({workdir: mine, configDir, since})).toEqual(['t-new', 't-mine']);
		const verify = adapter('codex').session?.verify;
		expect(verify?.({id: 't-mine', workdir: mine, configDir})).toMatchObject({found: true});
		expect(verify?.({id: 't-theirs', workdir: mine, configDir})).toMatchObject({found: false, reason: expect.stringContaining(`not in ${mine}`) as unknown});
		expect(verify?.({id: 't-none', workdir: mine, configDir})).toMatchObject({found: false, reason: expect.stringContaining('no rollout for thread t-none') as unknown});
	});

	it('Gemini CLI: the chat log whose projectHash is the workdir', () => {
		const configDir = dir();
		const hash = (folder: string) => createHash('sha256').update(folder).digest('hex');
		write(path.join(configDir, 'tmp', 'dev', 'chats', `session-2026-12-07T10-00-${ID.slice(0, 8)}.jsonl`), `${JSON.stringify({sessionId: ID, projectHash: hash(mine), kind: 'main'})}\n`);
		const verify = adapter('gemini-cli').session?.verify;
		expect(verify?.({id: ID, workdir: mine, configDir})).toMatchObject({found: true});
		expect(verify?.({id: ID, workdir: theirs, configDir})).toMatchObject({found: false, reason: expect.stringContaining('another project folder') as unknown});
		expect(adapter('gemini-cli').session?.configDir({root: '/p', env: {HOME: '/h', GEMINI_CLI_HOME: '/g'}})).toBe('/g/.gemini');
	});

	it('Qwen Code: projects/<slug>/chats/<id>.jsonl, written in the workdir', () => {
		const configDir = dir();
		write(path.join(configDir, 'projects', claudeProjectSlug(mine), 'chats', `${ID}.jsonl`), `${JSON.stringify({uuid: 'u', sessionId: ID, cwd: mine, type: 'user'})}\n`);
		const verify = adapter('qwen-code').session?.verify;
		expect(verify?.({id: ID, workdir: mine, configDir})).toMatchObject({found: true});
		expect(verify?.({id: ID, workdir: theirs, configDir})).toMatchObject({found: false});
		expect(adapter('qwen-code').session?.configDir({root: '/p', env: {HOME: '/h', QWEN_HOME: '/q', QWEN_RUNTIME_DIR: '/r'}})).toBe('/r');
	});

	it("opencode: captures the top-level session begun in the workdir from its database, read-only", () => {
		const configDir = dir();
		const db = openSqlite(path.join(configDir, 'opencode.db'));
		db.exec('CREATE TABLE session (id TEXT PRIMARY KEY, parent_id TEXT, directory TEXT NOT NULL, time_created INTEGER NOT NULL, time_archived INTEGER)');
		const since = Date.parse('2026-12-07T10:00:00.000Z');
		const insert = db.prepare('INSERT INTO session (id, parent_id, directory, time_created, time_archived) VALUES (?, ?, ?, ?, ?)');
		insert.run('ses_old', null, mine, since - 1000, null);
		insert.run('ses_mine', null, mine, since + 5000, null);
		insert.run('ses_sub', 'ses_mine', mine, since + 6000, null);
		insert.run('ses_theirs', null, theirs, since + 7000, null);
		insert.run('ses_gone', null, mine, since - 9000, since);
		db.close();
		expect(captureOpencodeSessions({workdir: mine, configDir, since: new Date(since).toISOString()})).toEqual(['ses_mine']);
		const verify = adapter('opencode').session?.verify;
		expect(verify?.({id: 'ses_mine', workdir: mine, configDir})).toMatchObject({found: true});
		expect(verify?.({id: 'ses_theirs', workdir: mine, configDir})).toMatchObject({found: false, reason: expect.stringContaining(`not in ${mine}`) as unknown});
		expect(verify?.({id: 'ses_gone', workdir: mine, configDir})).toMatchObject({found: false, reason: 'session ses_gone was archived in opencode'});
		expect(verify?.({id: 'ses_none', workdir: mine, configDir})).toMatchObject({found: false, reason: expect.stringContaining('no session ses_none') as unknown});
		expect(captureOpencodeSessions({workdir: mine, configDir: dir(), since: new Date(since).toISOString()})).toEqual([]);
		expect(adapter('opencode').session?.configDir({root: '/p', env: {HOME: '/h'}})).toBe('/h/.local/share/opencode');
	});

	it('Copilot CLI: session-state/<id>/workspace.yaml names the cwd', () => {
		const configDir = dir();
		write(path.join(configDir, 'session-state', ID, 'workspace.yaml'), `id: ${ID}\ncwd: ${mine}\ngit_root: /p\n`);
		const verify = adapter('copilot').session?.verify;
		expect(verify?.({id: ID, workdir: mine, configDir})).toMatchObject({found: true});
		expect(verify?.({id: ID, workdir: theirs, configDir})).toMatchObject({found: false, reason: expect.stringContaining(`started in ${mine}`) as unknown});
		expect(adapter('copilot').session?.configDir({root: '/p', env: {HOME: '/h', COPILOT_HOME: '/k'}})).toBe('/k');
	});
});
