import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {readAgentSession} from '../../../src/core/store/sessions.js';
import {agentWorkdir} from '../../../src/core/workflow/agents.js';
import {contentText, transcriptDirs} from '../../../src/core/workflow/transcripts.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

/** A workspace of demo agents (no worktrees) with `[messages]` settings, on the world's private tmux. */
export function mailWorld(label: string, agents: readonly string[], options: {messages?: string; workMs?: number} = {}) {
	const core = makeCoreWorld(label, {env: {TUTTI_DEMO_WORK_MS: String(options.workMs ?? 400)}});
	const toml = `[workspace]\nname = "${label}"\n[defaults]\nruntime = "demo"\nworktree = false\n[messages]\n${options.messages ?? ''}\n${agents.map((name) => `[[agent]]\nname = "${name}"\n`).join('')}`;
	const ctx = core.workspace(label, toml);
	return {core, ctx, agent: (name: string) => ctx.config.agent.find((entry) => entry.name === name)!};
}

/** Every user turn the agent's CLI logged (the demo writes Claude-format session logs), oldest first. */
export function userTurns(ctx: WorkspaceContext, name: string): string[] {
	const agent = ctx.config.agent.find((entry) => entry.name === name)!;
	// Agents without worktrees share a folder of logs: only this agent's conversation counts.
	const session = readAgentSession(ctx.store, name)?.session_id;
	const turns: Array<{at: string; text: string}> = [];
	for (const dir of transcriptDirs(ctx, agent, agentWorkdir(ctx, agent))) {
		if (!existsSync(dir)) continue;
		for (const file of readdirSync(dir).filter((each) => each === `${session}.jsonl`)) {
			for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
				if (line.trim() === '') continue;
				const entry = JSON.parse(line) as {type?: string; timestamp?: string; message?: {content?: unknown}};
				if (entry.type === 'user') turns.push({at: entry.timestamp ?? '', text: contentText(entry.message?.content)});
			}
		}
	}
	return turns.sort((a, b) => a.at.localeCompare(b.at)).map((turn) => turn.text);
}

/** The message lines the agent received, over all its turns, in order. */
export function receivedMessages(ctx: WorkspaceContext, name: string): string[] {
	return userTurns(ctx, name)
		.flatMap((turn) => turn.split('\n'))
		.filter((line) => line.startsWith('[message '));
}
