import type {AgentState} from '../core/state/types.js';
import type {WindowsView} from './data/usage.js';

/** One agent as the floor shows it. Immutable: a new object whenever anything shown changes. */
export type AgentView = {
	/** `<workspace>/<agent>`: unique across workspaces. */
	key: string;
	workspace: string;
	name: string;
	runtime: string;
	role: string | undefined;
	/** The `[[host]]` it runs on (its card is tagged `@host`); undefined: this machine. */
	host: string | undefined;
	/** The pipeline stage the card sits in (its role; `agents` without one). */
	stage: string;
	state: AgentState;
	source: string;
	rule: string | undefined;
	detail: string | undefined;
	exitStatus: number | undefined;
	/** When the current state began (ms since the epoch). */
	since: number;
	/** One line of what it is doing now, from its screen. */
	activity: string;
	/** Needs a human: needs input, auth failed, rate limited, or stopped unexpectedly. */
	attention: boolean;
	/** Total tokens of the agent's session, when a usage source knows them. */
	tokens: number | undefined;
	/** Context window used, 0–100. */
	contextPct: number | undefined;
	/** Files changed in its worktree (uncommitted), and commits not on the project branch. */
	changes: number | undefined;
	ahead: number | undefined;
	hasWorktree: boolean;
	/** Resident memory of its process tree in bytes, and its CPU in % of a core (core agentResources); null: unknown. */
	rssBytes: number | null;
	cpuPct: number | null;
	/** Whom its work conflicts with, as the recorder last found (`bob, main`); undefined: no collision known. */
	collisions: string | undefined;
	/** News about it nobody has seen yet (core/store notices, shared with the dashboard and `tt notices`). */
	unread: boolean;
};

export type TickerLevel = 'info' | 'attention' | 'error';

/** One line of the event ticker. */
export type TickerItem = {id: string; time: number; workspace: string; agent: string | undefined; event: string; text: string; level: TickerLevel};

export type StepMark = 'done' | 'active' | 'failed' | 'pending';

/** A workflow run as the runs strip shows it (built from `workflow.*` events). */
export type RunView = {
	id: string;
	workspace: string;
	name: string;
	status: 'running' | 'completed' | 'failed';
	steps: readonly StepMark[];
	/** 0-based index of the current (or last) step. */
	current: number | undefined;
	agent: string | undefined;
	/** Stage of the agent holding the work item now. */
	stage: string | undefined;
	stepType: string | undefined;
	/** Time of its latest event (ms since the epoch); for a group, of its newest run. */
	updatedAt: number;
	/** How many consecutive runs alike this entry stands for (see visibleRuns). */
	count: number;
};

export type Totals = {total: number; working: number; waiting: number; blocked: number; stopped: number; idle: number; attention: number; unread: number};

/** Everything the floor renders, as one immutable value. */
export type WatchSnapshot = {
	agents: readonly AgentView[];
	/** Stage order: roles in the order their first agent appears in the config. */
	stages: readonly string[];
	runs: readonly RunView[];
	ticker: readonly TickerItem[];
	totals: Totals;
	workspaces: readonly string[];
	/** Clock, advanced once a second so times in state tick. */
	now: number;
	/** Bumped on every store event of any workspace (lets focus panels refresh). */
	eventsVersion: number;
	/** The observation problem to show in the header, if any. */
	notice: string | undefined;
	/** Each profile's 5-hour block and weekly window (the header's right side). */
	windows: readonly WindowsView[];
};

/** Token usage of one agent: core/usage's one shape. */
export type {AgentUsage} from '../core/usage/agent-usage.js';
