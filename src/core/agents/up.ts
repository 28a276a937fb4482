import {closeSync, constants, mkdirSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {agentBranch, agentUsesWorktree, findAgent, launchOrder, resolveAgentRuntime} from '../config/resolve.js';
import type {AgentConfig} from '../config/index.js';
import {assertProfileCommand, chooseProfile} from '../profiles/choose.js';
import {checkBudget} from '../budget/guard.js';
import {launchRotating} from '../profiles/rotate.js';
import {withProfileSlot} from '../profiles/slot.js';
import {TuttiError} from '../errors.js';
import {ensureWorktree, worktreesLease} from '../git/index.js';
import {withLease} from '../store/leases.js';
import {assertNothingTracked} from '../workspace/tutti-dir.js';
import type {LaunchMode, LaunchPolicy} from './adapter.js';
import type {WorkspaceContext} from './context.js';
import {captureConversation, planConversation, recordConversation, type ConversationOutcome} from './conversation.js';
import {agentEnvironment} from './env.js';
import {promptWithMemory, readMemory, writeClaudeMemoryBlock} from './memory.js';
import {deliverPrompt, waitUntilReady} from './send.js';
import {readAgentRecord, writeAgentRecord} from './record.js';
import {recordStop} from './stop-record.js';
import {missingWorktree} from './worktree-health.js';
import {recordLaunchDecision} from '../policy/log.js';
import {paneCommand} from './pane-command.js';
import {requireBinary, startSession, writeLaunchFiles} from './launch-steps.js';
import {remoteTmuxOf} from '../hosts/host-tmux.js';
import {ensureRemoteWorktree, writeLaunchFilesOnHost} from '../hosts/remote-workspace.js';
import {agentMcpLaunch} from '../mcp/launch.js';
import {mcpSettings} from '../mcp/settings.js';

export {readAgentRecord, writeAgentRecord, type AgentRecord} from './record.js';

export type UpOptions = {
	/** Agents to start; all agents (in `depends_on` order) when empty. */
	agents?: readonly string[];
	/** Reset the worktrees to the project HEAD first (`--fresh-worktree`); the conversation is kept. */
	freshWorktree?: boolean;
	/** Start a new conversation instead of resuming the recorded one (`--new-session`). */
	newSession?: boolean;
	mode?: LaunchMode;
	policy?: LaunchPolicy;
	/** Account profiles not to launch on (they just hit a limit): the next one of the provider is taken. */
	skipProfiles?: ReadonlySet<string>;
	/** Pane size for new sessions. @default 200x50 */
	width?: number;
	height?: number;
};

export type UpResult = {
	agent: string;
	runtime: string;
	session: string;
	outcome: 'started' | 'restarted' | 'already_running' | 'failed';
	workdir: string;
	worktree: string | undefined;
	branch: string | undefined;
	argv: string[];
	/** Resumed or new conversation; absent when nothing was launched. */
	conversation?: ConversationOutcome;
	/** The account profile it was launched on (absent: nothing launched, or no profile fits). */
	profile?: string | null;
	warnings: string[];
	error?: TuttiError;
};

/** Starts agents; a running agent is left alone, a dead pane is replaced. */
export async function upAgents(ctx: WorkspaceContext, options: UpOptions = {}): Promise<UpResult[]> {
	const names = options.agents ?? [];
	for (const name of names) findAgent(ctx.config, name);
	const order = launchOrder(ctx.config, names.length > 0 ? [...names] : undefined);
	// A repository that commits files inside .tutti/ could make tutti write over them.
	assertNothingTracked(ctx.root, await trackedTuttiFiles(ctx));
	// Nothing is started that cannot be recorded as started.
	ctx.assertRecordable();
	const results: UpResult[] = [];
	for (const agent of order) {
		try {
			// One `tt up` of an agent at a time across processes: the loser of a race then finds it
			// running (already_running) instead of colliding on its worktree, branch or session.
			const result = await withLease(ctx.store, `up:${agent.name}`, () => launchRotating(ctx, agent, (skip) => withProfileSlot(ctx, ctx.adapterFor(agent).id, () => upAgent(ctx, agent, options, skip)), {skip: options.skipProfiles}));
			if (names.length > 0) result.warnings.push(...(await dependencyWarnings(ctx, agent)));
			results.push(result);
		} catch (error) {
			const tutti = error instanceof TuttiError ? error : new TuttiError('ERR_INTERNAL', String(error instanceof Error ? error.message : error), {cause: error});
			results.push({agent: agent.name, runtime: safeRuntime(ctx, agent), session: ctx.sessionOf(agent.name), outcome: 'failed', workdir: ctx.root, worktree: undefined, branch: undefined, argv: [], warnings: [], error: tutti});
		}
	}
	return results;
}

async function upAgent(ctx: WorkspaceContext, agent: AgentConfig, options: UpOptions, skipProfiles: ReadonlySet<string>): Promise<UpResult> {
	const {tmux} = ctx.services;
	const adapter = ctx.adapterFor(agent);
	const session = ctx.sessionOf(agent.name);
	const pane = await tmux.paneInfo(session);
	const gone = pane && !pane.dead ? missingWorktree(ctx, agent) : undefined;
	if (pane && !pane.dead && gone === undefined) {
		const record = readAgentRecord(ctx, agent.name);
		return {agent: agent.name, runtime: adapter.id, session, outcome: 'already_running', workdir: record?.workdir ?? ctx.root, worktree: record?.worktree_path ?? undefined, branch: record?.branch ?? undefined, argv: [], warnings: []};
	}
	// Within its budget (core/budget: the same check as send, run and verify), before anything starts.
	const budgetWarnings = await checkBudget(ctx, {action: 'up', agents: [agent.name]});
	// The account it runs on (a profile's command and environment), within the profiles' limits.
	const chosen = await chooseProfile(ctx, agent.name, adapter.id, skipProfiles);
	const warnings: string[] = [...budgetWarnings, ...chosen.warnings];
	if (gone !== undefined) {
		// Running in a folder that no longer exists: its next prompt would fail. Recreate and restart.
		warnings.push(`worktree ${gone} had been deleted; recreated it on ${agentBranch(agent)} and restarted ${agent.name}`);
		await tmux.killSession(session);
		recordStop(ctx, agent.name, {reason: 'worktree_missing', session});
	} else if (pane?.dead) {
		// An unknown status (killed by a signal, or tmux never learned it) may be a failure too.
		const failed = pane.deadStatus !== 0;
		// A CLI that cannot reopen its conversation exits at once on every resume: say how to start over.
		warnings.push(`previous run of ${agent.name} had exited (${pane.deadStatus === undefined ? 'status unknown' : `status ${pane.deadStatus}`}); starting it again${failed && !options.newSession ? ` (if it keeps exiting, \`tt up ${agent.name} --new-session\` starts a new conversation)` : ''}`);
		await tmux.killSession(session);
	}

	let workdir = ctx.root;
	let worktree: string | undefined;
	let branch: string | undefined;
	// An agent with a `host` runs there: its worktree, files and log are made on the host (core/hosts).
	const remote = remoteTmuxOf(tmux, session);
	// Never unsandboxed by surprise: a sandbox on a host is not built yet.
	if (remote && (agent.sandbox ?? ctx.config.defaults.sandbox ?? 'none') !== 'none') {
		throw new TuttiError('ERR_SANDBOX', `${agent.name} runs on a host, and sandbox = "bwrap" is held on this machine only (for now)`, {hint: `Set sandbox = "none" for ${agent.name}, or run it here (no host).`});
	}
	const onHost = remote ? await ensureRemoteWorktree({tmux: remote, runner: ctx.services.runner, root: ctx.root, workspace: ctx.name, agent: agent.name, branch: agentBranch(agent)}) : undefined;
	if (onHost) {
		workdir = onHost.path;
		worktree = onHost.path;
		branch = onHost.branch;
	} else if (agentUsesWorktree(ctx.config, agent)) {
		try {
			const ensured = await withLease(ctx.store, worktreesLease, () =>
				ensureWorktree({root: ctx.root, agent: agent.name, branch: agentBranch(agent), fresh: options.freshWorktree || agent.fresh_worktree, runner: ctx.services.runner}),
			);
			workdir = ensured.path;
			worktree = ensured.path;
			branch = ensured.branch;
			warnings.push(...ensured.warnings);
		} catch (error) {
			if (!(error instanceof TuttiError) || error.code !== 'ERR_NOT_A_REPO') throw error;
			warnings.push(`${ctx.root} is not a git repository, so ${agent.name} runs in the project root without a worktree (run \`git init\` and commit to isolate agents)`);
		}
	}

	// Which conversation the CLI opens: the recorded one when it is verifiably this agent's.
	const conversation = planConversation(ctx, agent.name, adapter, {workdir, env: agentEnvironment(ctx.services.env, ctx.config, agent, {}, chosen.env), newSession: options.newSession ?? false});
	if (conversation.outcome.note !== null && conversation.outcome.kind === 'new' && !options.newSession) warnings.push(`new conversation: ${conversation.outcome.note}`);
	const resuming = conversation.launch?.kind === 'resume';

	// A resumed conversation already holds the initial prompt and the memory.
	let prompt = resuming ? undefined : agent.prompt;
	const memory = resuming ? undefined : readMemory(ctx.root, agent.memory);
	if (memory) {
		if (adapter.id === 'claude-code' && workdir !== ctx.root) writeClaudeMemoryBlock(workdir, memory);
		else prompt = promptWithMemory(memory, prompt);
	}

	const configured = resolveAgentRuntime(ctx.config, agent);
	const handedOver = adapter.id !== configured;
	if (handedOver) warnings.push(`runs ${adapter.id}, handed over from ${configured} (tt handoff apply ${agent.name} --replace --runtime ${configured} hands it back)${agent.args.length > 0 || agent.command ? `; its args and command in tutti.toml are for ${configured} and are not used` : ''}`);
	const mode = options.mode ?? ctx.config.launch.mode;
	const policy = options.policy ?? ctx.config.launch.policy;
	const root = onHost?.workspace.dir ?? ctx.root;
	const stateDir = onHost?.workspace.state ?? ctx.paths.state;
	// tutti's MCP server (`tt mcp`), bound to this agent; on a host it is not given yet (it would run there).
	// In a bwrap sandbox tutti's state folder is read-only (the store too): the server could not send.
	const sandboxed = (agent.sandbox ?? ctx.config.defaults.sandbox ?? 'none') !== 'none';
	const mcp = remote || sandboxed ? undefined : agentMcpLaunch({stateDir, root, nodeBin: ctx.services.nodeBin, tuttiBin: ctx.services.tuttiBin, agent, support: adapter.mcp, env: ctx.services.env});
	if ((remote || sandboxed) && mcpSettings(agent).enabled && adapter.mcp) warnings.push(`${agent.name} runs ${remote ? 'on a host' : 'in a sandbox'}: tutti's MCP server (tt mcp) is not given to it yet; it receives messages only`);
	warnings.push(...(mcp?.warnings ?? []));
	const launched = adapter.launch({
		agent: agent.name,
		workspace: ctx.name,
		root,
		workdir,
		stateDir,
		mode,
		policy,
		prompt,
		// Handed over to another CLI: tutti.toml's args and command are for the configured one.
		extraArgs: [...(mcp?.args ?? []), ...(handedOver ? [] : agent.args)],
		command: handedOver ? chosen.profile?.command : (agent.command ?? chosen.profile?.command),
		permissions: ctx.services.global.permissions?.allow,
		// On a host, the tt installed there (the demo agent and tutti's hooks are found beside it).
		tuttiBin: remote?.transport.host.tutti ?? ctx.services.tuttiBin,
		nodeBin: ctx.services.nodeBin,
		...(conversation.launch ? {conversation: conversation.launch} : {}),
	});
	const spec = mcp ? {...launched, env: {...launched.env, ...mcp.env}, files: [...launched.files, ...mcp.files]} : launched;
	warnings.push(...spec.warnings);
	// On a host the agent gets the host's own environment (its PATH, HOME, keys), not this machine's.
	const env = agentEnvironment(onHost ? {} : ctx.services.env, ctx.config, agent, {...spec.env, TUTTI_ROOT: root, TUTTI_STATE_DIR: stateDir, TUTTI_SESSION: session}, chosen.env);
	if (remote) {
		await writeLaunchFilesOnHost(remote.transport, spec.files);
	} else {
		requireBinary(spec, env, adapter.installHint, agent.name);
		if (chosen.profile && (handedOver || agent.command === undefined)) assertProfileCommand(chosen.profile, env['PATH'], agent.name);
		writeLaunchFiles(spec);
	}

	// A recorder (tt watch, tt serve) may see the new agent and record its state before this
	// process gets to say `starting`: that later word must not cover the recorder's.
	const launchedAt = new Date().toISOString();
	// A sandbox and a memory cap are set up on this machine only; on a host they are not yet (docs/hosts.md).
	const argv = remote ? spec.argv : await paneCommand(ctx, agent, spec.argv, {session, workdir, env, warnings});
	try {
		await startSession(tmux, {name: session, cwd: workdir, argv, env, width: options.width, height: options.height});
	} catch (error) {
		// Another `tt up` started it between our look and our start: the end state is what was asked.
		if (/duplicate session/i.test(error instanceof Error ? `${error.message} ${(error as {stderr?: string}).stderr ?? ''}` : '')) {
			const record = readAgentRecord(ctx, agent.name);
			return {agent: agent.name, runtime: adapter.id, session, outcome: 'already_running', workdir: record?.workdir ?? workdir, worktree: record?.worktree_path ?? worktree, branch: record?.branch ?? branch, argv: [], warnings};
		}
		throw error;
	}
	const logFile = onHost ? path.posix.join(onHost.workspace.logs, `${agent.name}.log`) : path.join(ctx.paths.logs, `${agent.name}.log`);
	if (!onHost) {
		mkdirSync(ctx.paths.logs, {recursive: true});
		// tmux's `cat >>` follows a symlink: create the file here first, refusing one (O_NOFOLLOW).
		closeSync(openSync(logFile, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600));
	}
	await tmux.pipePaneToFile(session, logFile).catch((error: unknown) => {
		warnings.push(`raw output log not started: ${error instanceof Error ? error.message : String(error)}`);
	});
	const startedAt = new Date().toISOString();
	try {
		writeAgentRecord(ctx, {name: agent.name, runtime: adapter.id, session_name: session, worktree_path: worktree ?? null, workdir, branch: branch ?? null, started_at: startedAt, argv: spec.argv, profile: chosen.profile?.name ?? null});
		recordConversation(ctx, agent.name, adapter, conversation, {workdir, launchedAt});
		ctx.emit('agent.started', agent.name, {runtime: adapter.id, session_name: session, worktree: worktree ?? null, branch: branch ?? null, conversation: conversation.outcome, profile: chosen.profile?.name ?? null}, `launch-${Date.now()}-${agent.name}`);
		ctx.store.recordState(ctx.name, agent.name, {state: 'starting', source: 'session', rule: 'session.launched', unlessNewerThan: launchedAt});
		recordLaunchDecision(ctx, {agent: agent.name, runtime: adapter.id, mode, policy, enforcement: spec.enforcement, rules: ctx.services.global.permissions?.allow.length ?? 0, argv: spec.argv});
	} catch (error) {
		// The agent runs: say so, and say what could not be recorded (the observer records its states
		// once the state folder is writable again).
		warnings.push(`started, but not recorded: ${error instanceof Error ? error.message : String(error)}`);
	}

	const deferredFile = spec.env['TUTTI_DEFERRED_PROMPT_FILE'];
	if (spec.env['TUTTI_DEFERRED_PROMPT'] && deferredFile) {
		// CLIs that take no prompt argument get the initial prompt (policy appendix included) typed once they are ready.
		// The file may be on the host: the launch spec holds its text too.
		const text = spec.files.find((file) => file.path === deferredFile)?.content ?? readFileSync(deferredFile, 'utf8');
		if (text.trim() !== '') {
			await waitUntilReady(ctx, agent, 45_000);
			await deliverPrompt(ctx, agent, text);
		}
	}
	// A CLI that chooses its own id may have written it down already; if it has not (or the store
	// cannot say now), recorders and the next `tt up` look again: the agent runs either way.
	if (conversation.launch?.kind === 'new' && conversation.launch.id === undefined) {
		try {
			captureConversation(ctx, agent.name, adapter);
		} catch {
			// Looked for again later.
		}
	}
	return {agent: agent.name, runtime: adapter.id, session, outcome: pane ? 'restarted' : 'started', workdir, worktree, branch, argv: spec.argv, conversation: conversation.outcome, profile: chosen.profile?.name ?? null, warnings};
}

async function dependencyWarnings(ctx: WorkspaceContext, agent: AgentConfig): Promise<string[]> {
	const warnings: string[] = [];
	for (const dependency of agent.depends_on) {
		const pane = await ctx.services.tmux.paneInfo(ctx.sessionOf(dependency));
		if (!pane || pane.dead) warnings.push(`${agent.name} depends on ${dependency}, which is not running (start it with: tt up ${dependency})`);
	}
	return warnings;
}

function safeRuntime(ctx: WorkspaceContext, agent: AgentConfig): string {
	try {
		return ctx.adapterFor(agent).id;
	} catch {
		return agent.runtime ?? '?';
	}
}

/** Paths under .tutti/ that git tracks in the project (none in a healthy project). */
async function trackedTuttiFiles(ctx: WorkspaceContext): Promise<string[]> {
	const result = await ctx.services.runner.run('git', ['ls-files', '-z', '--', '.tutti'], {cwd: ctx.root, reject: false});
	return result.exitCode === 0 ? result.stdout.split('\0').filter(Boolean) : [];
}
