import type {WorkspaceContext} from '../../core/agents/context.js';
import type {ProfileWindows} from '../../core/profiles/windows.js';
import type {AgentUsage} from '../types.js';

/**
 * Where the TUI reads token usage and context health. The usage core (src/core/usage) provides
 * the real one; the CLI passes it in. `forAgent` must be cheap: it is called when cards refresh.
 */
export type UsageSource = {
	forAgent(agent: string): AgentUsage | undefined;
	/** Re-read logs; called every few seconds. */
	refresh?(): Promise<void> | void;
};

/** One source per workspace. */
export type UsageSourceFactory = (ctx: WorkspaceContext) => UsageSource;

/** Until usage is wired in: nothing is known. */
export const noUsage: UsageSourceFactory = () => ({forAgent: () => undefined});

/** A profile's plan windows as the header shows them (core/profiles/windows.ts, without the block history). */
export type WindowsView = Pick<ProfileWindows, 'profile' | 'plan' | 'block' | 'week'>;

/** Where the TUI reads plan windows; `latest` must be cheap, `refresh` re-reads the logs (about once a minute). */
export type WindowsSource = {latest(): readonly WindowsView[]; refresh(): Promise<void>};
