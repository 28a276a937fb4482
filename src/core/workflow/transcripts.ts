import {closeSync, existsSync, openSync, readdirSync, readSync, realpathSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import type {AgentConfig} from '../config/index.js';

/** What an agent's own session log says about a prompt. */
export type TranscriptEvidence = {submitted: boolean; answered: boolean};

/** Claude Code's project folder name for a working directory (every non-alphanumeric → `-`). */
function projectSlug(dir: string): string {
	return dir.replace(/[^a-zA-Z0-9]/g, '-');
}

/**
 * Folders of Claude-format session logs (JSONL) for an agent: the demo agent keeps them under
 * `<root>/.tutti/demo-home/projects/<slug>`, Claude Code under `$CLAUDE_CONFIG_DIR` or `~/.claude`.
 * Other CLIs have none that tutti reads here.
 */
export function transcriptDirs(ctx: WorkspaceContext, agent: AgentConfig, workdir: string): string[] {
	let real = workdir;
	try {
		real = realpathSync(workdir);
	} catch {
		// A worktree removed by hand: no logs to find anyway.
	}
	const slug = projectSlug(real);
	const runtime = ctx.runtimeOf(agent);
	if (runtime === 'demo') return [path.join(ctx.root, '.tutti', 'demo-home', 'projects', slug)];
	if (runtime !== 'claude-code') return [];
	const env = {...ctx.services.env, ...agent.env};
	const configured = (env['CLAUDE_CONFIG_DIR'] ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
	const bases = configured.length > 0 ? configured : [path.join(env['HOME'] || os.homedir(), '.claude')];
	return bases.map((base) => path.join(base, 'projects', slug));
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of a Claude-format message's content (a string, or the text blocks of an array). */
export function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((block) => (typeof block === 'object' && block !== null && typeof (block as {text?: unknown}).text === 'string' ? (block as {text: string}).text : '')).join('');
	return '';
}

/** The last `maxBytes` of a file (session logs only grow; the prompt of interest is recent). */
export function tail(file: string, maxBytes: number): string {
	const size = statSync(file).size;
	const start = Math.max(0, size - maxBytes);
	const buffer = Buffer.alloc(size - start);
	const fd = openSync(file, 'r');
	try {
		readSync(fd, buffer, 0, buffer.length, start);
	} finally {
		closeSync(fd);
	}
	const text = buffer.toString('utf8');
	return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
}

/**
 * Looks for `prompt` as a user turn logged at or after `sinceMs` in the agent's session logs, and
 * for a finished assistant reply after it. Unknown (both false) for CLIs without such logs.
 */
export function transcriptEvidence(ctx: WorkspaceContext, agent: AgentConfig, workdir: string, prompt: string, sinceMs: number): TranscriptEvidence {
	const wanted = normalize(prompt);
	const evidence: TranscriptEvidence = {submitted: false, answered: false};
	for (const dir of transcriptDirs(ctx, agent, workdir)) {
		if (!existsSync(dir)) continue;
		for (const name of readdirSync(dir)) {
			if (!name.endsWith('.jsonl')) continue;
			const file = path.join(dir, name);
			// Skew allowance: the agent's clock is this machine's, but a write can land just before.
			if (statSync(file).mtimeMs < sinceMs - 2000) continue;
			let found = false;
			for (const line of tail(file, 4 * 1024 * 1024).split('\n')) {
				if (line.trim() === '') continue;
				let entry: Record<string, unknown>;
				try {
					entry = JSON.parse(line) as Record<string, unknown>;
				} catch {
					continue;
				}
				const at = Date.parse(String(entry['timestamp'] ?? ''));
				if (Number.isFinite(at) && at < sinceMs - 2000) continue;
				const message = entry['message'] as {content?: unknown; stop_reason?: unknown} | undefined;
				if (entry['type'] === 'user' && normalize(contentText(message?.content)) === wanted) {
					found = true;
					evidence.submitted = true;
				} else if (found && entry['type'] === 'assistant' && (message?.stop_reason === 'end_turn' || entry['isApiErrorMessage'] === true)) {
					evidence.answered = true;
				}
			}
		}
	}
	return evidence;
}
