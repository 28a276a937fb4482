import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {claudeProjectSlug} from '../../../src/adapters/shared/claude-sessions.js';
import {conversationPrompts} from '../../../src/core/handoff/conversation-log.js';
import {listLimit, renderPacket, type HandoffFacts} from '../../../src/core/handoff/packet.js';
import {isAppliedPacket, wrapPacket} from '../../../src/core/handoff/wrap.js';
import {saveAgentSession} from '../../../src/core/store/sessions.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

const facts = (overrides: Partial<HandoffFacts> = {}): HandoffFacts => ({
	workspace: 'shop',
	agent: 'api-v2',
	runtime: 'demo',
	generated: new Date('2025-03-04T05:06:07Z'),
	reason: 'manual',
	ctxPct: 81.5,
	workdir: '/p/.tutti/worktrees/api-v2',
	branch: 'tutti/api-v2',
	running: true,
	conversation: {file: '/logs/s1.jsonl', sessionId: 's1', prompts: ['add a /health endpoint', 'now add tests for it']},
	changes: [{code: ' M', path: 'src/app.ts'}, {code: '??', path: 'test/health.test.ts'}],
	unlanded: [{hash: 'a'.repeat(40), short: 'aaaaaaa', subject: 'feat: health endpoint'}],
	target: 'main',
	verify: {workflow_name: 'verify', run_id: 'r1', timestamp: '2025-03-04T05:00:00Z', success: false, failed_steps: [2], strict: false, agent_scope: null, warnings: 0},
	output: ['● Bash(npm test)', '  2 passed'],
	outputSource: 'screen',
	...overrides,
});

describe('renderPacket', () => {
	it('states the task, the work not landed, verify, output and what to do next', () => {
		const text = renderPacket(facts());
		expect(text).toMatch(/^# Handoff: api-v2\n/);
		expect(text).toContain('- Context used: 81.5%');
		expect(text).toContain('- Trigger: manual');
		expect(text).toContain('### First prompt\n\n```text\nadd a /health endpoint\n```');
		expect(text).toContain('### Latest prompt\n\n```text\nnow add tests for it\n```');
		expect(text).toContain('## Changed Files (uncommitted, 2)\n\n- `M` src/app.ts\n- `??` test/health.test.ts');
		expect(text).toContain('## Commits Not Yet Landed on main (1)\n\n- aaaaaaa feat: health endpoint');
		expect(text).toContain('`verify` FAILED (steps 2)');
		expect(text).toContain('```text\n● Bash(npm test)\n  2 passed\n```');
		expect(text).toMatch(/## Next Steps\n\nYou are continuing api-v2's work/);
	});

	it('says what is unknown instead of inventing it', () => {
		const text = renderPacket(facts({ctxPct: null, verify: null, changes: [], unlanded: [], output: [], outputSource: 'none', conversation: {file: undefined, sessionId: undefined, prompts: []}, runtime: 'aider'}));
		expect(text).toContain('- Context used: --');
		expect(text).toContain('(no `tt verify` recorded)');
		expect(text).toContain('aider keeps no conversation log tutti can read');
		expect(text).toContain('## Changed Files (uncommitted, 0)\n\n(none)');
		expect(text).toContain('(no recent output)');
	});

	it('an emergency packet says so; one prompt is shown once', () => {
		const text = renderPacket(facts({reason: 'auth_failed', conversation: {file: '/l.jsonl', sessionId: undefined, prompts: ['only one']}}));
		expect(text).toMatch(/^# Emergency handoff: api-v2/);
		expect(text).toContain('### The prompt\n\n```text\nonly one\n```');
		expect(text).not.toContain('### Latest prompt');
	});

	it('long lists are capped with a count; fences outlast backticks in the content; earlier packets are named, not nested', () => {
		const many = Array.from({length: listLimit + 5}, (_, index) => ({code: '??', path: `f${index}.txt`}));
		const tricky = 'run this:\n```sh\nnpm test\n```';
		const earlier = wrapPacket('/p/.tutti/handoffs/api-v2-handoff-20250101-000000.md', '# Handoff: api-v2\n…');
		const text = renderPacket(facts({changes: many, conversation: {file: '/l.jsonl', sessionId: undefined, prompts: [earlier, tricky]}}));
		expect(text).toContain(`- … and 5 more`);
		expect(text).toContain(`(uncommitted, ${listLimit + 5})`);
		expect(text).toContain('````text\nrun this:\n```sh\nnpm test\n```\n````');
		expect(text).toContain('(continued from an earlier handoff packet: /p/.tutti/handoffs/api-v2-handoff-20250101-000000.md)');
	});
});

describe('wrapPacket', () => {
	it('wraps the packet between markers with the reference wording and is recognised again', () => {
		const wrapped = wrapPacket('/h/a-handoff-1.md', '# Handoff: a\n\nbody\n\n');
		expect(wrapped.split('\n')).toEqual([
			'Apply this handoff packet and continue the work it describes.',
			'Packet: /h/a-handoff-1.md',
			'--- BEGIN HANDOFF ---',
			'# Handoff: a',
			'',
			'body',
			'--- END HANDOFF ---',
			expect.stringMatching(/^Before changing anything, summarize the execution plan/) as unknown,
		]);
		expect(isAppliedPacket(wrapped)).toBe('/h/a-handoff-1.md');
		expect(isAppliedPacket('please apply the fix')).toBeUndefined();
	});
});

describe('conversationPrompts', () => {
	const core = makeCoreWorld('convlog');
	const ctx = core.workspace('project', '[workspace]\nname = "cl"\n[defaults]\nworktree = false\n[[agent]]\nname = "dev"\nruntime = "demo"\n[[agent]]\nname = "cx"\nruntime = "codex"\n');
	afterAll(() => core.cleanup());
	const dir = path.join(ctx.root, '.tutti', 'demo-home', 'projects', claudeProjectSlug(ctx.root));
	const write = (id: string, entries: object[]) => {
		mkdirSync(dir, {recursive: true});
		writeFileSync(path.join(dir, `${id}.jsonl`), entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n{"type":"user","mess');
	};
	const agent = (name: string) => ctx.config.agent.find((entry) => entry.name === name)!;

	it('reads the recorded session: typed prompts only, not tool results, interruptions or command echoes', () => {
		write('older', [{type: 'user', sessionId: 'older', message: {role: 'user', content: 'an older conversation'}}]);
		write('s1', [
			{type: 'user', sessionId: 's1', message: {role: 'user', content: 'write notes.md hello'}},
			{type: 'assistant', sessionId: 's1', message: {role: 'assistant', content: [{type: 'text', text: 'done'}]}},
			{type: 'user', sessionId: 's1', message: {role: 'user', content: [{type: 'tool_result', tool_use_id: 't', content: 'ok'}]}},
			{type: 'user', sessionId: 's1', message: {role: 'user', content: '[Request interrupted by user]'}},
			{type: 'user', sessionId: 's1', isMeta: true, message: {role: 'user', content: 'caveat'}},
			{type: 'user', sessionId: 's1', message: {role: 'user', content: '<command-name>/clear</command-name>'}},
			{type: 'user', sessionId: 's1', message: {role: 'user', content: [{type: 'text', text: 'now commit it'}]}},
		]);
		saveAgentSession(ctx.store, {agent: 'dev', runtime: 'demo', session_id: 's1', workdir: ctx.root, config_dir: path.join(ctx.root, '.tutti', 'demo-home'), launched_at: new Date().toISOString()});
		expect(conversationPrompts(ctx, agent('dev'), ctx.root)).toEqual({file: path.join(dir, 's1.jsonl'), session_id: 's1', prompts: ['write notes.md hello', 'now commit it']});
	});

	it('a CLI without readable logs has no file (the packet then says the task is not recorded)', () => {
		expect(conversationPrompts(ctx, agent('cx'), ctx.root)).toEqual({file: undefined, session_id: undefined, prompts: []});
	});
});
