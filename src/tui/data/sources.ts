import type {WorkspaceContext} from '../../core/agents/context.js';
import {log} from '../../core/log.js';
import type {ScreenModel} from '../../core/screen/screen-model.js';
import type {StateVerdict} from '../../core/state/types.js';
import type {StoredEvent} from '../../core/store/store.js';
import type {UsageSource, WindowsSource} from './usage.js';
import type {WorktreeProbe} from './worktrees.js';
import type {AgentResources} from '../../core/resources/agent-resources.js';

/** What the store needs of a workspace observer (WorkspaceObserver fits; tests pass a fake). */
export type ObserverLike = {
	on(event: 'state', listener: (agent: string, verdict: StateVerdict, event: StoredEvent | undefined) => void): unknown;
	on(event: 'screen', listener: (agent: string) => void): unknown;
	off(event: 'state' | 'screen', listener: (...args: never[]) => void): unknown;
	observer(agent: string): {screen: ScreenModel; verdict: StateVerdict | undefined} | undefined;
	/** The agent's memory and CPU (core agentResources); absent: not known to this source. */
	resources?(agent: string): AgentResources;
};

export type WatchSource = {ctx: WorkspaceContext; observer: ObserverLike; usage?: UsageSource | undefined};

export type WatchStoreOptions = {
	/** State changes are gathered for this long, then published as one snapshot. @default 33 */
	batchMs?: number;
	/**
	 * Screen-only changes (a card's activity line) are gathered for this long: agents that print
	 * continuously must not cost a frame each. The focused agent's screen is not slowed. @default 250
	 */
	activityMs?: number;
	/** How often the event log is read for the ticker and the runs strip. @default 500 */
	eventPollMs?: number;
	/** Every worktree is re-counted this often (state changes trigger a count too). @default 30_000 */
	worktreeSweepMs?: number;
	/** @default 5_000 */
	usageRefreshMs?: number;
	/** Memory and CPU are re-read this often (the sampler reads /proc at most every 2 s anyway). @default 2_000 */
	resourcesMs?: number;
	probe?: WorktreeProbe;
	/** Plan windows per profile for the header; absent: none shown. */
	windows?: WindowsSource | undefined;
	/** How often the plan windows are re-read (they scan weeks of logs). @default 60_000 */
	windowsRefreshMs?: number;
	/** Ticker length. @default 200 */
	tickerCap?: number;
};

/** Runs a read of core state; a failure is logged and gives the fallback. */
export function safe<T>(fn: () => T, fallback: T): T {
	try {
		return fn();
	} catch (error) {
		log.debug('tui store read failed', {error: String(error)});
		return fallback;
	}
}
