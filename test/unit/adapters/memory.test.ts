import {describe, expect, it} from 'vitest';
import {foldMemoryIntoPrompt, memoryTarget, removeClaudeMemoryBlock, upsertClaudeMemoryBlock} from '../../../src/adapters/memory.js';

describe('agent memory (reference §4.3)', () => {
	it('Claude with a worktree uses CLAUDE.md; everything else the prompt', () => {
		expect(memoryTarget('claude-code', true)).toBe('claude-md');
		expect(memoryTarget('claude-code', false)).toBe('prompt');
		expect(memoryTarget('codex', true)).toBe('prompt');
	});

	it('folds memory in front of the prompt', () => {
		expect(foldMemoryIntoPrompt('do it', 'remember X\n')).toBe('## Agent Memory\n\nremember X\n\n---\n\ndo it');
		expect(foldMemoryIntoPrompt(undefined, 'remember X')).toBe('## Agent Memory\n\nremember X');
	});

	it('manages one idempotent block in CLAUDE.md and keeps the rest', () => {
		const once = upsertClaudeMemoryBlock('# Project\n\nRules.\n', 'remember X');
		expect(once).toBe('# Project\n\nRules.\n\n<!-- tutti:agent-memory:start -->\n# Agent Memory\n\nremember X\n<!-- tutti:agent-memory:end -->\n');
		expect(upsertClaudeMemoryBlock(once, 'remember X')).toBe(once);
		const updated = upsertClaudeMemoryBlock(once, 'remember Y');
		expect(updated).toContain('remember Y');
		expect(updated).not.toContain('remember X');
		expect(removeClaudeMemoryBlock(updated)).toBe('# Project\n\nRules.\n');
		expect(upsertClaudeMemoryBlock(undefined, 'm')).toBe('<!-- tutti:agent-memory:start -->\n# Agent Memory\n\nm\n<!-- tutti:agent-memory:end -->\n');
	});
});
