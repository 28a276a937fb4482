import {existsSync, lstatSync, readFileSync, realpathSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';

const startMarker = '<!-- tutti:agent-memory:start -->';
const endMarker = '<!-- tutti:agent-memory:end -->';

/** Reads an agent's memory file; it must be a regular file inside the project (no symlinks out). */
export function readMemory(root: string, relative: string | undefined): string | undefined {
	if (!relative) return undefined;
	const file = path.resolve(root, relative);
	if (!existsSync(file)) return undefined;
	if (lstatSync(file).isSymbolicLink()) {
		throw new TuttiError('ERR_PATH_ESCAPE', `memory file ${relative} is a symbolic link`, {hint: 'Point `memory` at a regular file inside the project.'});
	}
	const real = realpathSync(file);
	const realRoot = realpathSync(root);
	if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
		throw new TuttiError('ERR_PATH_ESCAPE', `memory file ${relative} is outside the project`, {hint: 'Keep memory files inside the project.'});
	}
	const text = readFileSync(real, 'utf8').trim();
	return text === '' ? undefined : text;
}

/**
 * Claude Code reads CLAUDE.md from its working directory, so with a worktree the memory goes into
 * a managed block there (idempotent: the previous block is replaced).
 */
export function writeClaudeMemoryBlock(workdir: string, memory: string): void {
	const file = path.join(workdir, 'CLAUDE.md');
	const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const pattern = new RegExp(`\\n?${escape(startMarker)}[\\s\\S]*?${escape(endMarker)}\\n?`, 'g');
	const kept = current.replace(pattern, '\n').trimEnd();
	const block = `${startMarker}\n# Agent Memory\n\n${memory}\n${endMarker}\n`;
	writeFileSync(file, kept === '' ? block : `${kept}\n\n${block}`);
}

/** For every other runtime the memory goes in front of the first prompt. */
export function promptWithMemory(memory: string, prompt: string | undefined): string {
	const section = `## Agent Memory\n\n${memory}`;
	return prompt ? `${section}\n\n---\n\n${prompt}` : section;
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
