import {render} from 'ink-testing-library';
import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {WorkspaceContext, type Services} from '../../../src/core/agents/context.js';
import {TuttiConfigSchema} from '../../../src/core/config/index.js';
import {GlobalConfigSchema} from '../../../src/core/config/schema-global.js';
import {Tmux} from '../../../src/core/tmux/client.js';
import {ScreenModel} from '../../../src/core/screen/screen-model.js';
import type {StateVerdict} from '../../../src/core/state/types.js';
import type {StoredEvent} from '../../../src/core/store/store.js';
import type {WatchActions} from '../../../src/tui/actions.js';
import {App} from '../../../src/tui/app.js';
import {newViewRefs, ServicesProvider, type AppControl, type AppServices} from '../../../src/tui/app-context.js';
import type {UsageSource} from '../../../src/tui/data/usage.js';
import {loadTheme} from '../../../src/tui/theme/load.js';
import {WatchStore} from '../../../src/tui/store.js';
import {initialUiState, UiStore} from '../../../src/tui/ui-state.js';
import type {AgentUsage} from '../../../src/tui/types.js';
import type {WorktreeProbe} from '../../../src/tui/data/worktrees.js';
import type {NewEvent} from '../../../src/core/store/store.js';
import {unknownResources, type AgentResources} from '../../../src/core/resources/agent-resources.js';
import {repoRoot} from '../../helpers/tt.js';

const themesDir = path.join(repoRoot, 'themes');

type ObserverEvents = {state: [agent: string, verdict: StateVerdict, event: StoredEvent | undefined]; screen: [agent: string]};

/** A workspace observer without tmux: tests set states and write to screens by hand. */
export class FakeObserver extends EventEmitter<ObserverEvents> {
	readonly screens = new Map<string, ScreenModel>();
	readonly verdicts = new Map<string, StateVerdict>();
	/** What `resources` answers per agent (unknown when unset). */
	readonly sampled = new Map<string, AgentResources>();

	resources(agent: string): AgentResources {
		return this.sampled.get(agent) ?? unknownResources;
	}

	observer(agent: string): {screen: ScreenModel; verdict: StateVerdict | undefined} | undefined {
		const screen = this.screens.get(agent);
		return screen ? {screen, verdict: this.verdicts.get(agent)} : undefined;
	}

	async print(agent: string, text: string): Promise<void> {
		let screen = this.screens.get(agent);
		if (!screen) this.screens.set(agent, (screen = new ScreenModel(80, 24)));
		await screen.write(text);
		this.emit('screen', agent);
	}

	setState(agent: string, state: StateVerdict['state'], extra: Partial<StateVerdict> = {}): void {
		const verdict: StateVerdict = {state, source: 'screen', rule: undefined, detail: undefined, ...extra};
		this.verdicts.set(agent, verdict);
		this.emit('state', agent, verdict, undefined);
	}
}

/** `host`: the agent runs on that `[[host]]` (declared in the workspace's global config; nothing is reached over ssh). */
export type TeamAgent = {name: string; role?: string; host?: string};

/** A workspace on a temp dir (real store), with the given agents on the demo runtime. */
export function makeWorkspace(name: string, agents: readonly TeamAgent[], extra: Record<string, unknown> = {}): {ctx: WorkspaceContext; cleanup: () => void} {
	const root = mkdtempSync(path.join(os.tmpdir(), 'tutti-tui-'));
	const roles = Object.fromEntries(agents.filter((agent) => agent.role).map((agent) => [agent.role, 'demo']));
	const config = TuttiConfigSchema.parse({workspace: {name}, defaults: {runtime: 'demo', worktree: false}, roles, agent: agents.map((agent) => ({name: agent.name, ...(agent.role ? {role: agent.role} : {}), ...(agent.host ? {host: agent.host} : {})})), ...extra});
	const hosts = [...new Set(agents.flatMap((agent) => (agent.host ? [agent.host] : [])))];
	// With hosts, the context routes their agents' tmux (never called here: the observer is a fake).
	const services = (hosts.length === 0 ? {env: {}} : {env: {HOME: root, XDG_RUNTIME_DIR: ''}, runner: {run: () => Promise.reject(new Error('no process in TUI tests'))}, tmux: new Tmux({run: () => Promise.reject(new Error('no tmux in TUI tests'))}, 'unused', '/dev/null'), global: GlobalConfigSchema.parse({host: hosts.map((host) => ({name: host, ssh: `dev@${host}`}))})}) as unknown as Services;
	const ctx = new WorkspaceContext({root, path: path.join(root, 'tutti.toml'), config, warnings: []}, services);
	return {
		ctx,
		cleanup: () => {
			ctx.close();
			rmSync(root, {recursive: true, force: true});
		},
	};
}

/** Actions that record what was asked instead of touching agents. */
export function recordingActions(calls: string[], workflows: string[] = []): WatchActions {
	const record = (what: string) => async (key: string, extra?: string) => {
		calls.push(`${what} ${key}${extra === undefined ? '' : ` ${extra}`}`);
		return `${what} done`;
	};
	return {
		send: record('send'),
		up: record('up'),
		down: record('down'),
		restart: record('restart'),
		land: record('land'),
		review: record('review'),
		answer: record('answer'),
		handoff: record('handoff'),
		handoffs: () => [
			{file: 'planner-handoff-20261207-101500.md', kind: 'handoff', generatedAt: new Date(Date.now() - 5 * 60_000).toISOString()},
			{file: 'planner-emergency-20261207-090000.md', kind: 'emergency', generatedAt: new Date(Date.now() - 3 * 3_600_000).toISOString()},
		],
		freshFromHandoff: record('freshFromHandoff'),
		diff: async () => undefined,
		view: async (key, size) => {
			calls.push(`view ${key} ${size.cols}x${size.rows}`);
		},
		endView: async (key) => {
			calls.push(`end-view ${key}`);
		},
		attach: async (key) => {
			calls.push(`attach ${key}`);
			return {command: 'tmux' as const, argv: [], env: {}, after: async () => undefined};
		},
		workflows: () => workflows,
		runWorkflow: undefined,
		markSeen: () => {
			calls.push('mark-seen');
			return 'marked seen';
		},
	};
}

export function fixedUsage(usage: Record<string, AgentUsage>): UsageSource {
	return {forAgent: (agent) => usage[agent]};
}

export type Harness = {services: AppServices; store: WatchStore; ui: UiStore; observer: FakeObserver; calls: string[]; control: {quit: number; attached: string[]}; element: React.ReactElement; cleanup: () => void};

/** The whole app over a fake observer, ready for ink-testing-library. */
export function appHarness(agents: readonly TeamAgent[], options: {width?: number; height?: number; theme?: string; usage?: Record<string, AgentUsage>; workflows?: string[]; config?: Record<string, unknown>; probe?: WorktreeProbe; events?: readonly NewEvent[]; resources?: Record<string, AgentResources>} = {}): Harness {
	const {ctx, cleanup} = makeWorkspace('shop', agents, options.config);
	for (const event of options.events ?? []) ctx.store.appendEvent(event);
	const observer = new FakeObserver();
	for (const [agent, sampled] of Object.entries(options.resources ?? {})) observer.sampled.set(agent, sampled);
	const store = new WatchStore([{ctx, observer, usage: fixedUsage(options.usage ?? {})}], {batchMs: 5, probe: options.probe ?? (async () => undefined)});
	const theme = loadTheme(options.theme ?? 'dark', {builtin: themesDir});
	const ui = new UiStore(initialUiState(theme.name, (options.width ?? 100) >= 150));
	const calls: string[] = [];
	const control = {quit: 0, attached: [] as string[]};
	const appControl: AppControl = {quit: () => control.quit++, attach: (key) => control.attached.push(key)};
	const services: AppServices = {store, ui, actions: recordingActions(calls, options.workflows), control: appControl, refs: newViewRefs(), themes: ['dark', 'light', 'high-contrast', 'no-color']};
	const element = (
		<ServicesProvider value={services}>
			<App loadTheme={(name) => loadTheme(name, {builtin: themesDir})} initialTheme={theme} size={{columns: options.width ?? 100, rows: options.height ?? 30}} />
		</ServicesProvider>
	);
	return {
		services,
		store,
		ui,
		observer,
		calls,
		control,
		element,
		cleanup: () => {
			store.stop();
			cleanup();
		},
	};
}

/** Lets Ink render what the last input caused. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * The whole app rendered with ink-testing-library over {@link appHarness}: its last frame, and keys
 * typed one at a time (each given a tick to render). The caller cleans up `h`.
 */
export async function mountApp(agents: readonly TeamAgent[], options: Parameters<typeof appHarness>[1] = {}) {
	const h = appHarness(agents, options);
	const app = render(h.element);
	await tick();
	const frame = () => app.lastFrame() ?? '';
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			app.stdin.write(key);
			await tick();
		}
	};
	return {app, frame, press, h};
}
