import {existsSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import type {AgentConfig} from '../config/index.js';
import {readAgentSession} from '../store/sessions.js';
import {contentText, tail, transcriptDirs} from '../workflow/transcripts.js';
import {isAppliedPacket} from './wrap.js';

/** What an agent was asked, from its CLI's own session log (Claude format: Claude Code, demo). */
export type ConversationPrompts = {
	/** The session log read; undefined when the CLI keeps none tutti can read. */
	file: string | undefined;
	session_id: string | undefined;
	/** Every prompt a person (or tutti) typed, oldest first. */
	prompts: string[];
};

/** Logs larger than this are read from their end only: the latest prompts matter most. */
const maxLogBytes = 16 * 1024 * 1024;

/**
 * The prompts of the agent's current conversation: the recorded session's log when tutti knows its
 * id, else the newest log in the agent's folder. Tool results, interruptions and CLI command echoes
 * are not prompts.
 */
export function conversationPrompts(ctx: WorkspaceContext, agent: AgentConfig, workdir: string): ConversationPrompts {
	const file = currentLog(ctx, agent, workdir);
	if (!file) return {file: undefined, session_id: undefined, prompts: []};
	const prompts: string[] = [];
	let sessionId: string | undefined;
	for (const line of tail(file, maxLogBytes).split('\n')) {
		if (line.trim() === '') continue;
		let entry: Record<string, unknown>;
		try {
			entry = JSON.parse(line) as Record<string, unknown>;
		} catch {
			continue; // a line being written, or cut by the tail read
		}
		if (typeof entry['sessionId'] === 'string') sessionId ??= entry['sessionId'];
		if (entry['type'] !== 'user' || entry['isMeta'] === true) continue;
		const text = contentText((entry['message'] as {content?: unknown} | undefined)?.content).trim();
		if (text === '' || text.startsWith('[Request interrupted') || /^<(command-|local-command-)/.test(text)) continue;
		prompts.push(text);
	}
	return {file, session_id: sessionId, prompts};
}

/** A prompt as a packet shows it: a packet typed into the agent earlier is named, not repeated. */
export function describePrompt(prompt: string, maxChars: number): string {
	const applied = isAppliedPacket(prompt);
	if (applied !== undefined) return `(continued from an earlier handoff packet: ${applied})`;
	return prompt.length <= maxChars ? prompt : `${prompt.slice(0, maxChars)}\n… (${prompt.length - maxChars} more characters)`;
}

function currentLog(ctx: WorkspaceContext, agent: AgentConfig, workdir: string): string | undefined {
	const dirs = transcriptDirs(ctx, agent, workdir).filter((dir) => existsSync(dir));
	const recorded = readAgentSession(ctx.store, agent.name);
	if (recorded?.session_id) {
		for (const dir of dirs) {
			const file = path.join(dir, `${recorded.session_id}.jsonl`);
			if (existsSync(file)) return file;
		}
	}
	let newest: {file: string; mtime: number} | undefined;
	for (const dir of dirs) {
		for (const name of readdirSync(dir)) {
			if (!name.endsWith('.jsonl')) continue;
			const file = path.join(dir, name);
			const mtime = statSync(file).mtimeMs;
			if (!newest || mtime > newest.mtime) newest = {file, mtime};
		}
	}
	return newest?.file;
}
