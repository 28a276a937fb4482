import type {RuntimeId} from '../core/agents/adapter.js';

/**
 * Persistent agent memory (reference §4.3), as pure text functions; `tt up` reads the memory
 * file (inside the project, no symlinks) and writes the result.
 */

export const memoryBlockStart = '<!-- tutti:agent-memory:start -->';
export const memoryBlockEnd = '<!-- tutti:agent-memory:end -->';

/**
 * Where an agent's memory goes: Claude Code in its own worktree reads `CLAUDE.md` there, so the
 * memory goes into a managed block of that file; everyone else gets it folded into the prompt.
 */
export function memoryTarget(runtime: RuntimeId, hasWorktree: boolean): 'claude-md' | 'prompt' {
	return runtime === 'claude-code' && hasWorktree ? 'claude-md' : 'prompt';
}

/** `## Agent Memory\n\n<memory>\n\n---\n\n<prompt>`, or the memory section alone. */
export function foldMemoryIntoPrompt(prompt: string | undefined, memory: string): string {
	const section = `## Agent Memory\n\n${memory.trim()}`;
	return prompt === undefined || prompt.trim() === '' ? section : `${section}\n\n---\n\n${prompt}`;
}

/**
 * `CLAUDE.md` with the managed memory block replaced (or appended): idempotent, and the rest of
 * the file is left as it was.
 */
export function upsertClaudeMemoryBlock(existing: string | undefined, memory: string): string {
	const base = removeClaudeMemoryBlock(existing ?? '').replace(/\s+$/, '');
	const block = `${memoryBlockStart}\n# Agent Memory\n\n${memory.trim()}\n${memoryBlockEnd}\n`;
	return base === '' ? block : `${base}\n\n${block}`;
}

/** `CLAUDE.md` without the managed memory block. */
export function removeClaudeMemoryBlock(text: string): string {
	const start = text.indexOf(memoryBlockStart);
	if (start === -1) return text;
	const end = text.indexOf(memoryBlockEnd, start);
	const after = end === -1 ? '' : text.slice(end + memoryBlockEnd.length).replace(/^\n/, '');
	return `${text.slice(0, start).replace(/\n*$/, start === 0 ? '' : '\n')}${after}`;
}
