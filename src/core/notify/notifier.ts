import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import {needsHuman} from '../model/attention.js';
import {statePresentation} from '../model/presentation.js';
import {formatBytes} from '../model/resources-text.js';
import type {StateVerdict} from '../state/types.js';
import type {StoredEvent} from '../store/store.js';
import {once} from '../store/once.js';
import {isLookedAt} from '../store/looked-at.js';
import {claimQuietWindow} from '../store/quiet.js';
import {channelsFor, type Channel, type Notice} from './channels.js';
import {NoticeBoard} from './notice-board.js';

/**
 * Tells a person, once per transition, that an agent needs them (a question, a lost login, quota,
 * an outage, stalled, a crash, parked after crash loops) or that a workflow ended — on the channels
 * of `[notify]` (webhook, ntfy, desktop). It runs in the recorder and hears only the changes this
 * process recorded, so several recorders send each piece of news once; the same kind of news about
 * one agent is held back for `quiet_secs` (across recorders) so a flapping agent does not spam, and
 * nothing is sent about an agent a person is looking at up close (store/looked-at.ts). The same news
 * opens the agent's unread notice, shared by every surface (NoticeBoard).
 */
export class Notifier {
	readonly #ctx: WorkspaceContext;
	readonly #channels: Channel[];
	readonly #quietMs: number;
	readonly #pending = new Set<Promise<unknown>>();
	readonly #board: NoticeBoard;

	constructor(ctx: WorkspaceContext, channels?: Channel[]) {
		this.#ctx = ctx;
		this.#board = new NoticeBoard(ctx);
		const config = ctx.services.global.notify;
		this.#channels = channels ?? channelsFor(config);
		this.#quietMs = config.quiet_secs * 1000;
	}

	/** Whether any channel is configured (nothing to do otherwise). */
	get active(): boolean {
		return this.#channels.length > 0;
	}

	/** A state change this process recorded. */
	onRecorded(agent: string, verdict: StateVerdict, event: StoredEvent): void {
		// A stop is news only for an agent that was running (not one never started) and that tutti
		// did not stop itself (those stops carry a reason).
		const from = event.data?.['from'];
		const wasRunning = typeof from === 'string' && from !== 'stopped' && from !== 'unknown';
		const asked = event.data?.['reason'] !== undefined;
		if (!needsHuman(verdict.state, {exitStatus: verdict.exitStatus, expectedStop: asked || !wasRunning, seenRunning: wasRunning})) {
			// Going on resolves its news; a stop (tutti's own, say past memory_max) is no going on.
			if (verdict.state !== 'stopped') this.#board.resolve(agent);
			return;
		}
		const label = statePresentation[verdict.state].label;
		this.#board.open(agent, verdict.state, `${verdict.state === 'stopped' ? 'stopped' : label}${verdict.detail ? ` — ${verdict.detail}` : ''}`, event);
		this.#send(agent, verdict.state, event, `${agent} ${verdict.state === 'stopped' ? 'stopped' : label}`, `${this.#ctx.name}/${agent}: ${label}${verdict.detail ? ` — ${verdict.detail}` : ''}`);
	}

	/** Reads the events written since the last look (by any process) and passes them to {@link onEvent}. */
	readEvents(): void {
		try {
			// From the recorder's start on: news from before it is not news.
			this.#seenEventId ??= this.#ctx.store.lastEvents(1)[0]?.id ?? 0;
			for (const event of this.#ctx.store.eventsAfter(this.#seenEventId, {limit: 500})) {
				this.#seenEventId = event.id;
				this.onEvent(event);
			}
		} catch (error) {
			log.warn('could not read events for notifications', {error: String(error)});
		}
	}

	#seenEventId: number | undefined;

	/**
	 * Events any process wrote that a person wants to hear of (a workflow run by `tt run`, an agent
	 * parked): each is claimed in the store first, so one recorder sends it.
	 */
	onEvent(event: StoredEvent): void {
		if (event.event !== 'agent.parked' && event.event !== 'agent.memory_exceeded' && event.event !== 'workflow.completed' && event.event !== 'workflow.failed') return;
		// Opening the same event's notice twice (several recorders) keeps the first.
		if (event.agent && event.event !== 'workflow.completed' && event.event !== 'workflow.failed') this.#board.open(event.agent, agentNewsKind(event), agentNewsText(event), event);
		if (this.#channels.length === 0) return;
		const claimed = once(this.#ctx.store, `notify:${event.id}`, 'notify', () => Promise.resolve(true)).then((outcome) => {
			if (outcome.kind === 'ran') this.#announce(event);
		});
		this.#pending.add(claimed);
		void claimed.catch((error: unknown) => log.warn('notification not claimed', {error: String(error)})).finally(() => this.#pending.delete(claimed));
	}

	#announce(event: StoredEvent): void {
		const data = event.data ?? {};
		if ((event.event === 'agent.parked' || event.event === 'agent.memory_exceeded') && event.agent) {
			this.#send(event.agent, agentNewsKind(event), event, `${event.agent} ${agentNewsKind(event) === 'parked' ? 'parked' : 'stopped: out of memory_max'}`, `${this.#ctx.name}/${event.agent}: ${agentNewsText(event)}`);
		} else if (event.event === 'workflow.completed' || event.event === 'workflow.failed') {
			const name = String(data['workflow_name'] ?? 'workflow');
			const failed = event.event === 'workflow.failed';
			this.#send(null, 'workflow', event, `${name} ${failed ? 'failed' : 'finished'}`, `${this.#ctx.name}: workflow ${name} ${failed ? 'failed' : 'finished'}${typeof data['run_id'] === 'string' ? ` (run ${data['run_id']})` : ''}`);
		}
	}

	#send(agent: string | null, kind: string, event: StoredEvent, title: string, body: string): void {
		if (this.#channels.length === 0) return;
		// Someone is looking at this agent up close (tt watch focus, the dashboard): they see it already.
		if (agent !== null && isLookedAt(this.#ctx.store, agent)) {
			log.debug('notification held back: the agent is in view', {agent, kind});
			return;
		}
		// Shared by every recorder of the workspace: whichever records the next change, it stays quiet.
		if (agent !== null && !claimQuietWindow(this.#ctx.store, `notify:${agent}:${kind}`, this.#quietMs)) return;
		const notice: Notice = {title: `tutti: ${title}`, body, workspace: this.#ctx.name, agent, kind, event_id: event.id, at: event.timestamp};
		for (const channel of this.#channels) {
			const sending = channel(notice).catch((error: unknown) => log.warn('notification not sent', {kind, agent, error: String(error)}));
			this.#pending.add(sending);
			void sending.finally(() => this.#pending.delete(sending));
		}
	}

	/** Waits for notifications under way (the recorder is stopping). */
	async settle(): Promise<void> {
		await Promise.allSettled([...this.#pending]);
	}
}

/** What an agent event other processes wrote is news of: parked after crash loops, or stopped past its memory_max. */
function agentNewsKind(event: StoredEvent): 'parked' | 'memory_max' {
	return event.event === 'agent.memory_exceeded' ? 'memory_max' : 'parked';
}

function agentNewsText(event: StoredEvent): string {
	const data = event.data ?? {};
	if (event.event === 'agent.memory_exceeded') return `stopped — its processes held ${formatBytes(Number(data['rss_bytes']))}, over its memory_max of ${formatBytes(Number(data['memory_max']))}; tt up resumes it`;
	return `parked — ${String(data['reason'] ?? 'crashed repeatedly')}`;
}
