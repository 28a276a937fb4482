import path from 'node:path';
import {syncAgentBranch} from '../core/hosts/sync.js';
import {acknowledgeNotices, answerPrompt, landAgent, requestReview, restartAgent, stopAgents, type DialogAnswerChoice} from '../core/actions/index.js';
import {endView, settleAfterAttach, viewAgent} from '../core/actions/view-size.js';
import {sendPrompt} from '../core/agents/send.js';
import {upAgents} from '../core/agents/up.js';
import {agentBranch} from '../core/config/index.js';
import {isTuttiError, type ErrorCode, type Remedy} from '../core/errors.js';
import {planAttach} from '../core/tmux/attach.js';
import {paneTarget} from '../core/tmux/names.js';
import {worktreeDiff, type WorktreeDiff} from '../core/git/index.js';
import {listHandoffs} from '../core/handoff/files.js';
import type {CommandId} from './keys/commands.js';
import {commandKeysLabel} from './keys/match.js';
import type {WatchStore} from './store.js';

/** What the TUI can do to agents. Each resolves to a one-line message for the toast. */
export type WatchActions = {
	send(key: string, text: string): Promise<string>;
	up(key: string): Promise<string>;
	down(key: string): Promise<string>;
	restart(key: string): Promise<string>;
	land(key: string): Promise<string>;
	review(key: string, reviewer: string): Promise<string>;
	/** Approves or denies the dialog the agent waits on. */
	answer(key: string, answer: DialogAnswerChoice): Promise<string>;
	/** Writes a handoff packet of the agent's work. */
	handoff(key: string): Promise<string>;
	/** The agent's handoff packets, newest first (file name, kind, when written). */
	handoffs(key: string): Array<{file: string; kind: string; generatedAt: string}>;
	/** Restarts the agent on a new conversation that gets the packet named (a file in .tutti/handoffs), or its newest. */
	freshFromHandoff(key: string, packet?: string): Promise<string>;
	diff(key: string): Promise<WorktreeDiff | undefined>;
	/** While focus shows the agent, its window takes the terminal view's size (the CLI reflows); `endView` gives its size back. */
	view(key: string, size: {cols: number; rows: number}): Promise<void>;
	endView(key: string): Promise<void>;
	/** Prepares the session for a person (status bar, window size) and returns the attach argv; `after` restores it. */
	attach(key: string): Promise<{command: 'tmux' | 'ssh'; argv: string[]; env: NodeJS.ProcessEnv; after: () => Promise<void>}>;
	/** Workflow names of the agent's workspace. */
	workflows(workspace: string): string[];
	runWorkflow: ((workspace: string, name: string) => Promise<string>) | undefined;
	/** Marks the news about every agent shown seen, in every surface (`tt notices ack`). */
	markSeen(): string;
};

/** The next step of an error in this view's keys (the CLI's hint names commands and flags). */
function remedyText(remedy: Remedy): string {
	const key = (command: CommandId) => commandKeysLabel(command, 1);
	switch (remedy.action) {
		case 'start':
			return `select ${remedy.agent} and press ${key('agent.up')} to start it`;
		case 'inspect':
			return `select ${remedy.agent} and press ${key('agent.peek')} to see its screen`;
	}
}

/** Next steps this view words with its own keys, for errors whose CLI hint names a flag it has no key for. */
const viewHints: Partial<Record<ErrorCode, string>> = {
	// The CLI offers `tt land <agent> --force` (stash, land, restore); here the person tidies up first.
	ERR_LAND_DIRTY: `commit or stash them, then press ${commandKeysLabel('agent.land', 1)} again`,
};

/** One line for people from any error (the toast shows it; details go to the log). */
export function errorLine(error: unknown): string {
	if (isTuttiError(error)) {
		const next = error.remedy ? remedyText(error.remedy) : (viewHints[error.code] ?? error.hint);
		return `${error.message}${next ? ` — ${next}` : ''}`;
	}
	return error instanceof Error ? error.message : String(error);
}

/** The actions, over the core functions the CLI commands use. */
export function coreActions(store: WatchStore, options: {runWorkflow?: ((workspace: string, name: string) => Promise<string>) | undefined} = {}): WatchActions {
	const locate = (key: string) => {
		const found = store.locate(key);
		if (!found) throw new Error(`unknown agent ${key}`);
		return found;
	};
	return {
		async send(key, text) {
			const {ctx, agent} = locate(key);
			const result = await sendPrompt(ctx, agent.name, text);
			return `sent to ${agent.name}${result.warnings.length > 0 ? ` · ${result.warnings[0]}` : ''}`;
		},
		async up(key) {
			const {ctx, agent} = locate(key);
			const [result] = await upAgents(ctx, {agents: [agent.name]});
			if (result?.error) throw result.error;
			// Budget warnings (core/budget) are what a person starting an agent most needs to see.
			const budget = result?.warnings.find((warning) => warning.includes('budget'));
			return `${agent.name}: ${result?.outcome.replace('_', ' ') ?? 'started'}${budget ? ` · ${budget}` : ''}`;
		},
		async down(key) {
			const {ctx, agent} = locate(key);
			store.expectStop(key);
			const [result] = await stopAgents(ctx, {agents: [agent.name]});
			if (result?.error) throw result.error;
			return result?.stopped ? `stopped ${agent.name}` : `${agent.name} was not running`;
		},
		async restart(key) {
			const {ctx, agent} = locate(key);
			store.expectStop(key);
			await restartAgent(ctx, agent.name);
			return `restarted ${agent.name}`;
		},
		async land(key) {
			const {ctx, agent} = locate(key);
			// The confirm dialog said uncommitted files are committed as a checkpoint first.
			const result = await landAgent(ctx, agent.name, {includeUncommitted: true});
			store.refreshWorktree(key);
			return result.message;
		},
		async review(key, reviewer) {
			const {ctx, agent} = locate(key);
			const request = await requestReview(ctx, agent.name, reviewer);
			return request.sent ? `review of ${agent.name} sent to ${reviewer}` : `no changes to review for ${agent.name}`;
		},
		async answer(key, answer) {
			const {ctx, agent} = locate(key);
			const result = await answerPrompt(ctx, agent.name, answer);
			return `${answer === 'approve' ? 'approved' : 'denied'} ${agent.name}'s dialog · pressed ${result.keys.join(' ')}`;
		},
		async handoff(key) {
			const {ctx, agent} = locate(key);
			const {generateHandoff} = await import('../core/handoff/index.js');
			const packet = await generateHandoff(ctx, agent.name, {reason: 'manual (tt watch)'});
			return `handoff packet for ${agent.name} written: ${path.relative(ctx.root, packet.packet)}`;
		},
		handoffs(key) {
			const {ctx, agent} = locate(key);
			return listHandoffs(ctx, {agent: agent.name}).map((packet) => ({file: packet.file, kind: packet.kind, generatedAt: packet.generated_at}));
		},
		async freshFromHandoff(key, packet) {
			const {ctx, agent} = locate(key);
			const {applyHandoff} = await import('../core/handoff/index.js');
			const applied = await applyHandoff(ctx, agent.name, {replace: true, packet, withinHandoffs: true});
			return `${agent.name} started on a new conversation with ${path.relative(ctx.root, applied.packet)}${applied.confirmed ? '' : ' (typed; the screen could not confirm it was submitted)'}`;
		},
		async diff(key) {
			const {ctx, agent} = locate(key);
			await syncAgentBranch(ctx, agent);
			return worktreeDiff({root: ctx.root, agent: agent.name, branch: agentBranch(agent), runner: ctx.services.runner});
		},
		async attach(key) {
			const {ctx, agent} = locate(key);
			const {tmux} = ctx.services;
			const session = ctx.sessionOf(agent.name);
			const pane = await tmux.paneInfo(session);
			if (!pane) throw new Error(`${agent.name} is not running — start it with u`);
			// Through the pane target: tmux 3.3 does not resolve `=session` for set-option.
			const option = (name: string, value: string) => tmux.run(['set-option', '-t', paneTarget(session), name, value]).then(() => undefined, () => undefined);
			const plan = await planAttach(tmux, ctx.services.runner, session, {waitForReturn: true});
			await option('status', 'on');
			await option('status-left-length', '80');
			await option('status-left', ` tutti: ${agent.name} (${ctx.name}) ── ${plan.detachKeys} to return to tt watch `.replaceAll('#', '##'));
			// While a person is attached the window follows their terminal; tutti's fixed size returns on detach.
			await tmux.setWindowOption(session, 'window-size', 'latest');
			return {
				command: plan.command,
				argv: plan.argv,
				env: plan.env,
				after: async () => {
					await tmux.setWindowOption(session, 'window-size', 'manual').catch(() => undefined);
					// Not simply the size before attaching: focus may have ended (or begun) meanwhile.
					await settleAfterAttach(ctx, agent.name, {cols: pane.width, rows: pane.height}).catch(() => undefined);
				},
			};
		},
		async view(key, size) {
			const {ctx, agent} = locate(key);
			await viewAgent(ctx, agent.name, 'tt-watch-focus', size);
		},
		async endView(key) {
			const {ctx, agent} = locate(key);
			await endView(ctx, agent.name, 'tt-watch-focus');
		},
		workflows(workspace) {
			return store.workspace(workspace)?.config.workflow.map((workflow) => workflow.name) ?? [];
		},
		runWorkflow: options.runWorkflow,
		markSeen() {
			const read = store.workspaces().flatMap((ctx) => acknowledgeNotices(ctx));
			return read.length === 0 ? 'nothing unread' : `marked seen: ${read.join(', ')}`;
		},
	};
}
