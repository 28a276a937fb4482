import {needsHuman} from '../../core/model/attention.js';
import {stateChangeOf} from '../../core/events/read.js';
import type {AgentView, RunRecord, RunView, Snapshot, WireEvent, WorkspaceView} from './types.js';

const timelineCap = 200;

/**
 * The dashboard's state: workspaces and agents from the stream's snapshot, kept current by the
 * events that follow; a bounded timeline; workflow runs rebuilt from `workflow.*` events.
 * Views subscribe and are re-rendered at most once per animation frame.
 */
export class DashboardStore {
	workspaces: WorkspaceView[] = [];
	timeline: WireEvent[] = [];
	runs = new Map<string, RunView>();
	/** Every run the ledgers keep, newest first (the live `runs` fade a minute after they end). */
	history: RunRecord[] = [];
	selected: string | undefined;
	/** Bumped on every change; views compare it to skip work. */
	version = 0;
	readonly #listeners = new Set<(store: DashboardStore) => void>();
	#frame = 0;
	readonly #eventListeners = new Set<(event: WireEvent) => void>();

	subscribe(listener: (store: DashboardStore) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Every event as it arrives (focus mode refreshes its panels from these). */
	onEvent(listener: (event: WireEvent) => void): () => void {
		this.#eventListeners.add(listener);
		return () => this.#eventListeners.delete(listener);
	}

	changed(): void {
		this.version++;
		if (this.#frame !== 0) return;
		this.#frame = requestAnimationFrame(() => {
			this.#frame = 0;
			for (const listener of this.#listeners) listener(this);
		});
	}

	get workspace(): WorkspaceView | undefined {
		return this.workspaces.find((workspace) => workspace.name === this.selected) ?? this.workspaces[0];
	}

	agent(workspace: string, name: string): AgentView | undefined {
		return this.workspaces.find((item) => item.name === workspace)?.agents.find((agent) => agent.agent === name);
	}

	/** A snapshot replaces workspaces; a fresh (not resumed) one also replaces the history. */
	applySnapshot(snapshot: Snapshot): void {
		this.workspaces = snapshot.workspaces;
		if (!this.selected || !this.workspaces.some((workspace) => workspace.name === this.selected)) this.selected = this.workspaces[0]?.name;
		if (!snapshot.resumed) {
			this.timeline = [];
			this.runs.clear();
			for (const event of snapshot.recent) this.#record(event, false);
			// Runs still "running" from long ago lost their ending; do not show them forever.
			for (const [id, run] of this.runs) if (run.status === 'running' && Date.now() - Date.parse(run.started) > 30 * 60_000) this.runs.delete(id);
		}
		this.changed();
	}

	/** Replaces the run history with the ledgers' (from `GET /v1/runs`). */
	setHistory(rows: readonly RunRecord[]): void {
		this.history = [...rows].sort((a, b) => b.started_at.localeCompare(a.started_at));
		this.changed();
	}

	/** Replaces one workspace's summary (fresh usage and states after a turn ends). */
	updateWorkspace(summary: WorkspaceView): void {
		const index = this.workspaces.findIndex((workspace) => workspace.name === summary.name);
		if (index === -1) return;
		this.workspaces[index] = summary;
		this.changed();
	}

	applyEvent(event: WireEvent): void {
		this.#record(event, true);
		for (const listener of this.#eventListeners) listener(event);
		this.changed();
	}

	#record(event: WireEvent, live: boolean): void {
		this.timeline.push(event);
		if (this.timeline.length > timelineCap) this.timeline.splice(0, this.timeline.length - timelineCap);
		if (live) this.#applyAgent(event);
		if (live && event.event === 'notice.read') this.#applyRead(event);
		if (event.event.startsWith('workflow.')) this.#applyRun(event, live);
	}

	/** A person saw these agents' news (here, in another tab, in tt watch or with tt notices ack). */
	#applyRead(event: WireEvent): void {
		const agents = event.data?.['agents'];
		if (!Array.isArray(agents)) return;
		for (const name of agents) {
			const agent = typeof name === 'string' ? this.agent(event.workspace, name) : undefined;
			if (agent) agent.unread = false;
		}
	}

	#applyAgent(event: WireEvent): void {
		if (!event.agent) return;
		const agent = this.agent(event.workspace, event.agent);
		if (!agent) return;
		const data = event.data ?? {};
		const to = stateChangeOf(event)?.to;
		if (to !== undefined) {
			agent.state = to;
			agent.exit_status = typeof data['exit_status'] === 'number' ? data['exit_status'] : to === 'stopped' ? agent.exit_status : null;
			agent.attention = needsHuman(to, {exitStatus: agent.exit_status, expectedStop: data['rule'] === 'session.killed', seenRunning: true, problem: agent.problem});
			// Going on without anyone resolves its news (the server's notice board does the same); new
			// news arrives with the summaries the page re-reads on a change that needs a person.
			if (!agent.attention) agent.unread = false;
			agent.detail = typeof data['detail'] === 'string' ? data['detail'] : to === 'stopped' ? 'not running' : null;
			agent.since = event.timestamp;
			agent.running = to !== 'stopped';
			// What it was doing ends with the turn.
			if (to !== 'working' && to !== 'starting') agent.activity = undefined;
		} else if (event.event === 'agent.worktree_missing') {
			agent.problem = typeof data['problem'] === 'string' ? data['problem'] : 'its worktree was deleted';
			agent.attention = true;
		} else if (event.event === 'agent.started') {
			agent.running = true;
			agent.problem = null;
			if (agent.state === 'stopped') agent.state = 'starting';
			agent.detail = 'started';
		}
		if (event.event === 'agent.prompt_sent') agent.activity = `prompt sent (${String(data['chars'] ?? '?')} chars)`;
		else if (event.event === 'workflow.step.started') agent.activity = `step ${Number(data['step_index'] ?? 0) + 1}/${String(data['total_steps'] ?? '?')} of ${String(data['workflow_name'] ?? 'a workflow')}`;
		else if (event.event === 'agent.landed') agent.activity = 'landed';
		else if (event.event === 'agent.land_sent_back') agent.activity = 'landing sent back';
	}

	#applyRun(event: WireEvent, live: boolean): void {
		const id = event.correlation_id;
		const data = event.data ?? {};
		let run = this.runs.get(id);
		if (event.event === 'workflow.started' || !run) {
			run ??= {id, workspace: event.workspace, workflow: String(data['workflow_name'] ?? 'workflow'), status: 'running', step: 0, total: 0, agent: null, started: event.timestamp, finished: null, steps: []};
			this.runs.set(id, run);
		}
		const index = typeof data['step_index'] === 'number' ? data['step_index'] : undefined;
		if (typeof data['total_steps'] === 'number') run.total = data['total_steps'];
		if (event.event === 'workflow.step.started' && index !== undefined) {
			run.step = index + 1;
			run.agent = event.agent;
			run.steps[index] = {agent: event.agent, type: String(data['step_type'] ?? 'step'), status: 'running', duration: null, message: null};
		} else if (event.event.startsWith('workflow.step.') && index !== undefined) {
			// completed, failed, or anything else the engine reports (warning, skipped…).
			const outcome = event.event.slice('workflow.step.'.length);
			const status = outcome === 'completed' || outcome === 'failed' ? outcome : 'warning';
			run.steps[index] = {agent: event.agent, type: String(data['step_type'] ?? 'step'), status, duration: typeof data['duration_ms'] === 'number' ? data['duration_ms'] : null, message: typeof data['message'] === 'string' ? data['message'] : null};
		} else if (event.event === 'workflow.completed' || event.event === 'workflow.failed') {
			run.status = event.event === 'workflow.completed' ? 'completed' : 'failed';
			run.finished = event.timestamp;
			const finished = run;
			// Finished work leaves the floor after a while (a UI timer; nothing is fetched).
			if (live) setTimeout(() => {
				if (this.runs.get(id) === finished) {
					this.runs.delete(id);
					this.changed();
				}
			}, finished.status === 'completed' ? 8000 : 60_000);
			else if (Date.now() - Date.parse(event.timestamp) > 60_000) this.runs.delete(id);
		}
	}
}
