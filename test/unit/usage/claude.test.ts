import {appendFileSync, utimesSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readJsonLines, scanUsage, type ScanResult} from '../../../src/core/usage/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {claudeAssistant, claudeSlug, claudeUser, writeLines} from '../../fixtures/usage/logs.js';

const model = 'claude-sonnet-4-5-20250929';
const totals = (scan: ScanResult) =>
	scan.records.reduce(
		(sum, record) => ({
			input: sum.input + record.input_tokens,
			output: sum.output + record.output_tokens,
			cacheRead: sum.cacheRead + record.cache_read_tokens,
			cacheWrite: sum.cacheWrite + record.cache_creation_tokens,
		}),
		{input: 0, output: 0, cacheRead: 0, cacheWrite: 0},
	);

describe('Claude Code logs', () => {
	let temp: ReturnType<typeof makeTempDir>;
	let config: string;
	const cwd = '/work/project';
	beforeEach(() => {
		temp = makeTempDir('tutti-usage-claude-');
		config = path.join(temp.dir, 'claude');
	});
	afterEach(() => temp.cleanup());

	const scan = (env: NodeJS.ProcessEnv = {CLAUDE_CONFIG_DIR: config, HOME: temp.dir}, modifiedSince?: number) =>
		scanUsage({env, sources: ['claude-code'], modifiedSince});

	it('counts a reply once per message id + request id, keeps lines without ids, skips lines without usage', async () => {
		const base = {cwd, sessionId: 's1', model};
		writeLines(path.join(config, 'projects', claudeSlug(cwd), 's1.jsonl'), [
			claudeUser({cwd, sessionId: 's1', timestamp: '2025-06-01T10:00:00.000Z', text: 'hello'}),
			// A reply with a tool call and text: two lines, same ids, same usage.
			claudeAssistant({...base, timestamp: '2025-06-01T10:00:05.000Z', messageId: 'msg_1', requestId: 'req_1', usage: {input: 10, output: 20, cacheRead: 1000, cacheWrite: 300}}),
			claudeAssistant({...base, timestamp: '2025-06-01T10:00:05.000Z', messageId: 'msg_1', requestId: 'req_1', usage: {input: 10, output: 20, cacheRead: 1000, cacheWrite: 300}}),
			// Same message id, another request: a different reply.
			claudeAssistant({...base, timestamp: '2025-06-01T10:01:00.000Z', messageId: 'msg_1', requestId: 'req_2', usage: {input: 1, output: 2}}),
			// No ids: every line counts.
			claudeAssistant({...base, timestamp: '2025-06-01T10:02:00.000Z', usage: {input: 5, output: 5}}),
			claudeAssistant({...base, timestamp: '2025-06-01T10:02:00.000Z', usage: {input: 5, output: 5}}),
			{type: 'summary', summary: 'A chat', leafUuid: 'x'},
		]);
		const result = await scan();
		expect(result.records).toHaveLength(4);
		expect(totals(result)).toEqual({input: 21, output: 32, cacheRead: 1000, cacheWrite: 300});
		expect(result.records[0]).toMatchObject({source: 'claude-code', sessionId: 's1', cwd, model, messageKey: 'msg_1:req_1', timestamp: Date.parse('2025-06-01T10:00:05.000Z')});
		expect(result.skipped_lines).toBe(0);
		expect(result.files_scanned).toBe(1);
	});

	it('deduplicates across files (a resumed session repeats earlier replies)', async () => {
		const line = claudeAssistant({cwd, sessionId: 's1', model, timestamp: '2025-06-01T10:00:05.000Z', messageId: 'msg_1', requestId: 'req_1', usage: {input: 10, output: 20}});
		writeLines(path.join(config, 'projects', claudeSlug(cwd), 's1.jsonl'), [line]);
		writeLines(path.join(config, 'projects', claudeSlug(cwd), 's2.jsonl'), [{...line, sessionId: 's2'}]);
		const result = await scan();
		expect(result.records).toHaveLength(1);
		expect(result.files_scanned).toBe(2);
	});

	it('counts garbled and truncated lines as skipped, per file, and still reads the rest', async () => {
		const good = claudeAssistant({cwd, sessionId: 's1', model, timestamp: '2025-06-01T10:00:05.000Z', messageId: 'm1', requestId: 'r1', usage: {input: 3, output: 4}});
		const later = claudeAssistant({cwd, sessionId: 's1', model, timestamp: '2025-06-01T10:00:09.000Z', messageId: 'm2', requestId: 'r2', usage: {input: 30, output: 40}});
		const truncated = JSON.stringify(later).slice(0, 120);
		const file = writeLines(
			path.join(config, 'projects', claudeSlug(cwd), 's1.jsonl'),
			[good, 'this is not json at all', '{"type":"assistant","message":{"usage":{"input_tokens":oops}}}', '{"message":{"usage":{"input_tokens":"12","output_tokens":1}},"timestamp":"2025-06-01T10:00:00Z"}', '', truncated],
			{trailingNewline: false},
		);
		const result = await scan();
		expect(result.records).toHaveLength(1);
		expect(totals(result)).toEqual({input: 3, output: 4, cacheRead: 0, cacheWrite: 0});
		expect(result.skipped_lines).toBe(4);
		expect(result.skipped_files).toEqual([{file, lines: 4}]);
	});

	it('reads a log that is being appended to up to where it ended when the read began', async () => {
		const line = (n: number) => claudeAssistant({cwd, sessionId: 's1', model, timestamp: '2025-06-01T10:00:05.000Z', messageId: `m${n}`, requestId: `r${n}`, usage: {input: n, output: 1}});
		const file = writeLines(path.join(config, 'projects', 'p', 's1.jsonl'), [line(1), line(2), '{"type":"assistant","message":{"usa'], {trailingNewline: false});
		const seen: unknown[] = [];
		const skipped = await readJsonLines(
			file,
			() => true,
			(entry) => {
				seen.push(entry);
				// The agent keeps writing while we read: finishes its line and adds more.
				if (seen.length === 1) {
					appendFileSync(file, 'ge":{}}}\n');
					for (let n = 3; n < 50; n++) appendFileSync(file, `${JSON.stringify(line(n))}\n`);
				}
			},
		);
		expect(seen).toHaveLength(2);
		expect(skipped).toBe(1);
		// The next scan sees the whole file; the once half-written line has no token numbers: unusable, counted.
		const result = await scan();
		expect(result.records).toHaveLength(49);
		expect(result.skipped_lines).toBe(1);
	});

	it('reads every folder of a comma-separated CLAUDE_CONFIG_DIR, and ~/.claude plus ~/.config/claude without it', async () => {
		const other = path.join(temp.dir, 'claude-work');
		const line = (id: string) => claudeAssistant({cwd, sessionId: id, model, timestamp: '2025-06-01T10:00:05.000Z', messageId: id, requestId: id, usage: {input: 1, output: 1}});
		writeLines(path.join(config, 'projects', 'p', 'a.jsonl'), [line('a')]);
		writeLines(path.join(other, 'projects', 'p', 'b.jsonl'), [line('b')]);
		expect((await scan({CLAUDE_CONFIG_DIR: ` ${config} , ${other},`, HOME: temp.dir})).records).toHaveLength(2);

		const home = path.join(temp.dir, 'home');
		writeLines(path.join(home, '.claude', 'projects', 'p', 'c.jsonl'), [line('c')]);
		writeLines(path.join(home, '.config', 'claude', 'projects', 'p', 'd.jsonl'), [line('d')]);
		const defaults = await scan({HOME: home});
		expect(defaults.records.map((record) => record.sessionId).sort()).toEqual(['c', 'd']);
		expect(defaults.roots).toHaveLength(2);
	});

	it('skips files last modified before --since', async () => {
		const old = writeLines(path.join(config, 'projects', 'p', 'old.jsonl'), [claudeAssistant({cwd, sessionId: 'old', model, timestamp: '2025-01-01T10:00:00.000Z', usage: {input: 1, output: 1}})]);
		writeLines(path.join(config, 'projects', 'p', 'new.jsonl'), [claudeAssistant({cwd, sessionId: 'new', model, timestamp: '2025-06-01T10:00:00.000Z', usage: {input: 1, output: 1}})]);
		const jan = new Date('2025-01-01T12:00:00Z');
		utimesSync(old, jan, jan);
		const result = await scan(undefined, Date.parse('2025-05-01T00:00:00Z'));
		expect(result.files_scanned).toBe(1);
		expect(result.records.map((record) => record.sessionId)).toEqual(['new']);
	});

	it('reads the demo agent\'s Claude-format logs under <project>/.tutti/demo-home as source demo', async () => {
		const project = path.join(temp.dir, 'project');
		writeLines(path.join(project, '.tutti', 'demo-home', 'projects', claudeSlug(project), 'd.jsonl'), [
			claudeAssistant({cwd: project, sessionId: 'd', model: 'demo-1', timestamp: '2025-06-01T10:00:05.000Z', messageId: 'm', requestId: 'r', usage: {input: 7, output: 8}}),
		]);
		const result = await scanUsage({env: {HOME: path.join(temp.dir, 'nobody')}, demoProjects: [project]});
		expect(result.records).toEqual([expect.objectContaining({source: 'demo', cwd: project, input_tokens: 7, output_tokens: 8})]);
	});

	it('finds nothing, without failing, when no log folder exists', async () => {
		const result = await scanUsage({env: {HOME: path.join(temp.dir, 'nobody')}});
		expect(result).toMatchObject({records: [], roots: [], files_scanned: 0, skipped_lines: 0});
	});
});
