import {latestHookSessionId} from '../state/native-sources.js';
import {agentsHoldingSession, forgetAgentSession, readAgentSession, recordCapturedSessionId, saveAgentSession, switchSessionId, type AgentSession} from '../store/sessions.js';
import type {AgentAdapter, ConversationLaunch, SessionSupport} from './adapter.js';
import type {WorkspaceContext} from './context.js';

/**
 * What `tt up` did with an agent's conversation: `resumed` the recorded one, started a `new` one,
 * or launched a CLI that has no session id to resume by (`unsupported`). `note` says why a new
 * conversation was started although one was recorded (it could not be verified, or was refused).
 */
export type ConversationOutcome = {kind: 'resumed' | 'new' | 'unsupported'; id: string | null; note: string | null};

export type ConversationPlan = {
	/** What the adapter's launch is told (absent for CLIs without session support). */
	launch: ConversationLaunch | undefined;
	outcome: ConversationOutcome;
	/** The CLI's session folder for this agent (recorded with the id). */
	configDir: string | undefined;
};

type Where = {workdir: string; env: Readonly<Record<string, string>>; newSession: boolean};

/**
 * Decides whether an agent's launch resumes its recorded conversation. It resumes only when every
 * check holds: same runtime, same folder, same CLI config dir, no other agent recorded with the
 * id, and the CLI's own files show the session there. Anything else starts a new conversation and
 * says why — an id is never guessed.
 */
export function planConversation(ctx: WorkspaceContext, agent: string, adapter: AgentAdapter, where: Where): ConversationPlan {
	const support = adapter.session;
	if (!support) return {launch: undefined, outcome: {kind: 'unsupported', id: null, note: null}, configDir: undefined};
	const configDir = support.configDir({root: ctx.root, env: where.env});
	const fresh = (note: string | null): ConversationPlan => {
		const id = support.identity === 'assigned' ? support.newId() : undefined;
		return {launch: {kind: 'new', id}, outcome: {kind: 'new', id: id ?? null, note}, configDir};
	};
	if (where.newSession) return fresh('a new conversation was asked for (--new-session)');
	const recorded = readAgentSession(ctx.store, agent);
	if (!recorded) return fresh(null);
	if (recorded.runtime !== adapter.id) return fresh(`the recorded conversation is a ${recorded.runtime} one, and ${agent} now runs ${adapter.id}`);
	const announced = followAnnouncedSession(ctx, agent, adapter.id, recorded);
	const captured = announced === undefined && recorded.session_id === null ? captureFor(ctx, agent, adapter.id, support, recorded) : undefined;
	const id = announced ?? recorded.session_id ?? captured?.id;
	if (id === undefined) return fresh(`${adapter.displayName} wrote down no conversation of the last launch that tutti can tell is ${agent}'s${captured?.note ? ` (${captured.note})` : ''}`);
	if (recorded.workdir !== where.workdir) return fresh(`session ${id} was held in ${recorded.workdir}, and ${agent} now runs in ${where.workdir}`);
	if (recorded.config_dir !== configDir) return fresh(`session ${id} is kept under ${recorded.config_dir}, and ${agent} now uses ${configDir}`);
	// Agents sharing a folder (no worktrees) cannot be told apart by the CLI's files: an id recorded
	// for another agent there may be theirs. In different folders the files decide (below).
	const sharing = agentsHoldingSession(ctx.store, adapter.id, id, agent).filter((other) => other.workdir === where.workdir);
	if (sharing.length > 0) return fresh(`session ${id} is also recorded for ${sharing.map((other) => other.agent).join(', ')} in the same folder; a conversation that may be theirs is not resumed`);
	const lookup = support.verify({id, workdir: where.workdir, configDir});
	if (!lookup.found) return fresh(`could not verify session ${id}: ${lookup.reason}`);
	return {launch: {kind: 'resume', id}, outcome: {kind: 'resumed', id, note: null}, configDir};
}

/** Records the conversation a launch holds (the id, or, for captured CLIs, where to look for it). */
export function recordConversation(ctx: WorkspaceContext, agent: string, adapter: AgentAdapter, plan: ConversationPlan, launch: {workdir: string; launchedAt: string}): void {
	if (plan.launch === undefined || plan.configDir === undefined) {
		// A CLI without ids now: an earlier runtime's conversation cannot be resumed by it.
		forgetAgentSession(ctx.store, agent);
		return;
	}
	const id = plan.launch.id ?? null;
	saveAgentSession(ctx.store, {agent, runtime: adapter.id, session_id: id, workdir: launch.workdir, config_dir: plan.configDir, launched_at: launch.launchedAt});
}

export type CaptureResult = {id: string | undefined; note: string | undefined};

/**
 * For a CLI that chooses its own id: looks in its files for the session the agent's last launch
 * started and records it (`agent.session_recorded`). Returns the id, or why none was recorded.
 * Called right after a launch, by `tt up` before deciding, and by recorders at a turn's end.
 */
export function captureConversation(ctx: WorkspaceContext, agent: string, adapter: AgentAdapter): CaptureResult {
	const support = adapter.session;
	const recorded = readAgentSession(ctx.store, agent);
	if (support?.identity !== 'captured' || !recorded || recorded.runtime !== adapter.id) return {id: undefined, note: undefined};
	if (recorded.session_id !== null) return {id: recorded.session_id, note: undefined};
	return captureFor(ctx, agent, adapter.id, support, recorded);
}

/**
 * A recorder's look at a turn's state change: a CLI that chooses its own id writes it down at its
 * first prompt, so its id is recorded then, not only at the next `tt up`. Cheap for other CLIs.
 */
export function captureOnStateChange(ctx: WorkspaceContext, agent: string, state: string): void {
	if (state !== 'working' && state !== 'idle') return;
	const config = ctx.config.agent.find((entry) => entry.name === agent);
	const adapter = config ? ctx.adapterFor(config) : undefined;
	if (adapter?.session?.identity !== 'captured') return;
	captureConversation(ctx, agent, adapter);
}

/**
 * The session the agent's CLI announced last in a SessionStart hook during the recorded launch, if
 * it differs from the recorded one (a `/clear` began a new conversation): recorded from now on.
 */
function followAnnouncedSession(ctx: WorkspaceContext, agent: string, runtime: string, recorded: AgentSession): string | undefined {
	const announced = latestHookSessionId(ctx.paths.state, agent, runtime, Date.parse(recorded.launched_at));
	if (announced === undefined || announced === recorded.session_id || !/^[\w.-]+$/.test(announced)) return undefined;
	if (switchSessionId(ctx.store, agent, recorded.launched_at, announced)) {
		ctx.emit('agent.session_recorded', agent, {runtime, session_id: announced}, `session-${Date.now()}-${agent}`);
	}
	return announced;
}

/** A recorder's look at a SessionStart hook: the conversation the CLI now holds is recorded at once. */
export function followSessionStart(ctx: WorkspaceContext, agent: string, runtime: string): void {
	const recorded = readAgentSession(ctx.store, agent);
	if (recorded?.runtime === runtime) followAnnouncedSession(ctx, agent, runtime, recorded);
}

function captureFor(ctx: WorkspaceContext, agent: string, runtime: string, support: SessionSupport, recorded: AgentSession): CaptureResult {
	if (support.identity !== 'captured') return {id: undefined, note: undefined};
	const candidates = support
		.capture({workdir: recorded.workdir, configDir: recorded.config_dir, since: recorded.launched_at})
		.filter((id) => agentsHoldingSession(ctx.store, runtime, id, agent).length === 0);
	if (candidates.length === 0) return {id: undefined, note: `no session started in ${recorded.workdir} since ${recorded.launched_at}`};
	// Two conversations begun in the agent's folder since its launch (a `/new`, or the user's own
	// run there): which one is the agent's cannot be told, so neither is taken.
	if (candidates.length > 1) return {id: undefined, note: `${candidates.length} sessions started in ${recorded.workdir} since ${recorded.launched_at}; cannot tell which is ${agent}'s`};
	const [id] = candidates as [string];
	if (recordCapturedSessionId(ctx.store, agent, recorded.launched_at, id)) {
		ctx.emit('agent.session_recorded', agent, {runtime, session_id: id}, `session-${Date.now()}-${agent}`);
	}
	return {id, note: undefined};
}

/** The words `tt up` and the ticker use: `resumed <id>`, `new <id>`, `new`. */
export function describeConversation(outcome: ConversationOutcome | undefined): string {
	if (!outcome) return '';
	if (outcome.kind === 'resumed') return `resumed ${outcome.id ?? ''}`.trim();
	if (outcome.kind === 'unsupported') return 'new (no resume)';
	return outcome.id ? `new ${outcome.id}` : 'new';
}
