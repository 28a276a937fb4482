import {existsSync, openSync, readSync, closeSync, statSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {screenLines} from '../agents/observe.js';
import {readAgentRecord} from '../agents/record.js';
import {agentBranch, agentUsesWorktree, findAgent} from '../config/resolve.js';
import type {AgentConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {Git, unlandedCommits, worktreePath, type CommitInfo, type StatusEntry} from '../git/index.js';
import {lastVerify} from '../workflow/queries.js';
import {assertOwnTuttiDir} from '../workspace/tutti-dir.js';
import {agentContextPct} from './context-use.js';
import {conversationPrompts} from './conversation-log.js';
import {newPacketFile, type PacketKind} from './files.js';
import {renderPacket, type HandoffFacts} from './packet.js';

/** Rows of recent output a packet carries. */
export const outputRows = 40;

export type GenerateOptions = {
	/** Why the packet is written: `manual`, `auto_ctx_threshold`, `auth_failed`, or the caller's words. @default 'manual' */
	reason?: string;
	/** `emergency` names the file `<agent>-emergency-…`. @default 'handoff' */
	kind?: PacketKind;
	/** Context used, percent, when the caller knows it already (else read from the CLI's logs). */
	ctxPct?: number | null;
	/** @default new Date() */
	now?: Date;
};

export type GeneratedHandoff = {workspace: string; agent: string; kind: PacketKind; packet: string; reason: string; ctx_pct: number | null};

/**
 * Writes a handoff packet for `agentName` — its task (first and latest prompts of its conversation
 * log), what it changed and has not landed, the last verify, its recent output and what to do
 * next — atomically to `.tutti/handoffs/`, and emits `handoff.generated`.
 */
export async function generateHandoff(ctx: WorkspaceContext, agentName: string, options: GenerateOptions = {}): Promise<GeneratedHandoff> {
	const agent = findAgent(ctx.config, agentName);
	const reason = options.reason?.trim() || 'manual';
	if (/[\r\n]/.test(reason) || reason.length > 200) throw new TuttiError('ERR_USAGE', 'the reason must be one line of at most 200 characters', {hint: 'e.g. --reason "context nearly full"'});
	const kind = options.kind ?? 'handoff';
	const now = options.now ?? new Date();
	assertOwnTuttiDir(ctx.root);
	const facts = await gatherFacts(ctx, agent, {reason, now, ctxPct: options.ctxPct});
	const file = newPacketFile(ctx.paths.handoffs, agent.name, kind, now);
	writeFileAtomic(file, renderPacket(facts));
	ctx.emit('handoff.generated', agent.name, {packet: file, reason, ctx_pct: facts.ctxPct}, `handoff-${Date.now()}-${agent.name}`);
	return {workspace: ctx.name, agent: agent.name, kind, packet: file, reason, ctx_pct: facts.ctxPct};
}

async function gatherFacts(ctx: WorkspaceContext, agent: AgentConfig, options: {reason: string; now: Date; ctxPct: number | null | undefined}): Promise<HandoffFacts> {
	const {tmux} = ctx.services;
	const where = workingPlace(ctx, agent);
	const pane = await tmux.paneInfo(ctx.sessionOf(agent.name));
	const running = pane !== undefined && !pane.dead;
	const git = await gitFacts(ctx, where.workdir);
	const conversation = conversationPrompts(ctx, agent, where.workdir);
	const output = running ? {rows: lastRows(screenLines(await tmux.capturePane(ctx.sessionOf(agent.name), {history: 200}))), source: 'screen' as const} : await recordedRows(ctx, agent.name);
	return {
		workspace: ctx.name,
		agent: agent.name,
		runtime: ctx.adapterFor(agent).id,
		generated: options.now,
		reason: options.reason,
		ctxPct: options.ctxPct === undefined ? await agentContextPct(ctx, agent.name).catch(() => null) : options.ctxPct,
		workdir: where.workdir,
		branch: where.branch,
		running,
		conversation: {file: conversation.file, sessionId: conversation.session_id, prompts: conversation.prompts},
		changes: git.changes,
		unlanded: git.unlanded,
		target: git.target,
		verify: lastVerify(ctx).summary,
		output: output.rows,
		outputSource: output.rows.length === 0 ? 'none' : output.source,
	};
}

/** Where the agent works: its recorded launch folder, else its worktree, else the project root. */
function workingPlace(ctx: WorkspaceContext, agent: AgentConfig): {workdir: string; branch: string | null} {
	const record = readAgentRecord(ctx, agent.name);
	if (record && existsSync(record.workdir)) return {workdir: record.workdir, branch: record.branch};
	const worktree = worktreePath(ctx.root, agent.name);
	if (agentUsesWorktree(ctx.config, agent) && existsSync(worktree)) return {workdir: worktree, branch: agentBranch(agent)};
	return {workdir: ctx.root, branch: null};
}

/** Uncommitted changes in `workdir` and its commits not on the project's branch (none outside git). */
async function gitFacts(ctx: WorkspaceContext, workdir: string): Promise<{changes: StatusEntry[]; unlanded: CommitInfo[]; target: string}> {
	const git = new Git(ctx.root, ctx.services.runner);
	try {
		const target = (await git.currentBranch()) ?? 'HEAD';
		const changes = await git.at(workdir).statusPorcelain();
		const head = path.resolve(workdir) === path.resolve(ctx.root) ? undefined : await git.at(workdir).tryRevParse('HEAD');
		const unlanded = head ? await unlandedCommits(git, 'HEAD', head) : [];
		return {changes, unlanded, target};
	} catch (error) {
		if (error instanceof TuttiError && error.code === 'ERR_NOT_A_REPO') return {changes: [], unlanded: [], target: '(not a git repository)'};
		throw error;
	}
}

/** Box-drawing characters, and the prompt glyphs an empty input box shows. */
const chrome = /[\u2500-\u257F\s❯>]/g;

/** The last non-empty rows; a row that is only a frame (an empty input box) says nothing. */
function lastRows(lines: readonly string[]): string[] {
	return lines.map((line) => line.trimEnd()).filter((line) => line.replace(chrome, '') !== '').slice(-outputRows);
}

/** An agent that is not running: the end of its raw output log, as the terminal showed it. */
async function recordedRows(ctx: WorkspaceContext, agent: string): Promise<{rows: string[]; source: 'log'}> {
	const file = path.join(ctx.paths.logs, `${agent}.log`);
	if (!existsSync(file)) return {rows: [], source: 'log'};
	const size = statSync(file).size;
	const length = Math.min(size, 512 * 1024);
	const buffer = Buffer.alloc(length);
	const fd = openSync(file, 'r');
	try {
		readSync(fd, buffer, 0, length, size - length);
	} finally {
		closeSync(fd);
	}
	// The terminal emulator loads only here: a running agent's packet reads its screen from tmux.
	const {readableRecordedOutput} = await import('../agents/recorded-output.js');
	return {rows: lastRows(await readableRecordedOutput(ctx, agent, buffer.toString('utf8'), 400)), source: 'log'};
}
