import {existsSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {observeAgent} from '../agents/observe.js';
import {readAgentRecord} from '../agents/record.js';
import {findAgent} from '../config/resolve.js';
import {inertValue} from '../prompt-text.js';
import {contentText, tail, transcriptDirs} from '../workflow/transcripts.js';
import {assertPeer, type McpCaller} from './tools.js';

export type AgentOutput = {agent: string; source: 'transcript' | 'screen'; text: string; truncated: boolean};

/**
 * Another agent's last answer: the last assistant message of its session log where tutti reads
 * one (Claude Code, the demo), else the text on its screen now. Control characters are removed:
 * the text goes to a model, never to a terminal.
 */
export async function readOutput(caller: McpCaller, name: string, maxChars = 8_000): Promise<AgentOutput> {
	const {ctx} = caller;
	const agent = findAgent(ctx.config, name);
	assertPeer(caller, agent.name);
	const workdir = readAgentRecord(ctx, agent.name)?.workdir ?? ctx.root;
	const answer = lastAnswer(transcriptDirs(ctx, agent, workdir));
	const clip = (text: string, source: AgentOutput['source']): AgentOutput => ({agent: agent.name, source, text: text.length > maxChars ? text.slice(-maxChars) : text, truncated: text.length > maxChars});
	if (answer !== undefined) return clip(answer.split('\n').map(inertValue).join('\n'), 'transcript');
	const {lines} = await observeAgent(ctx, agent);
	return clip(lines.map(inertValue).join('\n').trim(), 'screen');
}

/** The text of the last assistant message in the newest session log of these folders. */
function lastAnswer(dirs: readonly string[]): string | undefined {
	let newest: {file: string; at: number} | undefined;
	for (const dir of dirs) {
		if (!existsSync(dir)) continue;
		for (const name of readdirSync(dir)) {
			if (!name.endsWith('.jsonl')) continue;
			const file = path.join(dir, name);
			const at = statSync(file).mtimeMs;
			if (!newest || at > newest.at) newest = {file, at};
		}
	}
	if (!newest) return undefined;
	let answer: string | undefined;
	for (const line of tail(newest.file, 2 * 1024 * 1024).split('\n')) {
		if (!line.includes('"assistant"')) continue;
		try {
			const entry = JSON.parse(line) as {type?: unknown; message?: {content?: unknown}};
			const text = entry.type === 'assistant' ? contentText(entry.message?.content).trim() : '';
			if (text !== '') answer = text;
		} catch {
			// A line being written: the previous answer stands.
		}
	}
	return answer;
}
