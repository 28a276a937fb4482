import {Box} from 'ink';
import {useCallback, useEffect, useLayoutEffect, useMemo, useState} from 'react';
import {useServices, type AppServices} from './app-context.js';
import {ConfirmDialog, ModalLayer, Picker} from './components/Dialog.js';
import {Footer} from './components/Footer.js';
import {HelpOverlay, helpLayout} from './components/HelpOverlay.js';
import {PeekOverlay} from './components/PeekOverlay.js';
import {PromptBar, promptBarHeight} from './components/PromptBar.js';
import {useRawInput} from './hooks/use-raw-input.js';
import {useUi, useWatch} from './hooks/use-store.js';
import {useTerminalSize, type Size} from './hooks/use-terminal-size.js';
import {footerCommands} from './keys/commands.js';
import {confirmQuestion, dispatchKey} from './keys/dispatch.js';
import {toast, type KeyEnv} from './keys/env.js';
import {expandPress, type KeyPress} from './keys/parse.js';
import {Floor} from './screens/floor/Floor.js';
import {groupAgents} from './screens/floor/groups.js';
import {Header} from './screens/floor/Header.js';
import {RunsStrip} from './screens/floor/RunsStrip.js';
import {Ticker} from './screens/floor/Ticker.js';
import {Focus} from './screens/focus/Focus.js';
import {ThemeProvider} from './theme/context.js';
import type {Theme} from './theme/tokens.js';
import {plural} from '../core/git/parse.js';
import type {Overlay} from './ui-state.js';
import {statePresentation} from '../core/model/presentation.js';

/** Rows of the floor's parts for a terminal height (the root is one row short of it: Ink 6). */
export function floorChrome(rows: number, runs: number): {height: number; runs: number; ticker: number; body: number} {
	const height = Math.max(6, rows - 1);
	const runLines = height >= 40 ? Math.min(3, Math.max(1, runs)) : 1;
	const ticker = height >= 60 ? 6 : height >= 40 ? 4 : height >= 26 ? 3 : height >= 16 ? 2 : 1;
	return {height, runs: runLines, ticker, body: Math.max(1, height - 1 - runLines - (ticker + 1) - 1)};
}

export type AppProps = {
	/** Loads a theme by name (validated); throws a TuttiError for a bad one. */
	loadTheme: (name: string) => Theme;
	initialTheme: Theme;
	/** Fixed size (tests); else the terminal's. */
	size?: Size;
	/** Timing hooks for the frame benchmark (TUTTI_WATCH_TIMING): after each commit of the app. */
	onCommit?: () => void;
	onKey?: (key: KeyPress) => void;
};

/** Overlays that take the whole body (help, peek): what is under them would only be noise. */
function BodyOverlay({width, height}: {width: number; height: number}) {
	const {ui, store, refs} = useServices();
	const overlay = useUi(ui, (state) => state.overlay);
	const help = useMemo(() => (overlay.kind === 'help' ? helpLayout(height - 1, width) : undefined), [overlay.kind, height, width]);
	refs.helpPages = help?.pages.length ?? 1;
	if (overlay.kind === 'help' && help) return <HelpOverlay width={width} height={height} layout={help} page={overlay.page} />;
	if (overlay.kind === 'peek') {
		const lines = store.screen(overlay.key)?.snapshot().lines ?? [];
		return <PeekOverlay name={overlay.key.slice(overlay.key.indexOf('/') + 1)} lines={lines} width={width} height={height} />;
	}
	return null;
}

/** What a land from tt watch brings over (it includes uncommitted work, as a checkpoint commit): only what there is. */
export function landDetail(ahead: number, changes: number): string {
	if (ahead === 0 && changes === 0) return 'Nothing to land: no commits ahead of your branch, nothing uncommitted.';
	const commits = ahead === 0 ? 'No commits to land' : `${plural(ahead, 'commit')} to land`;
	return changes === 0 ? `${commits}.` : `${commits}; ${plural(changes, 'uncommitted file')} ${changes === 1 ? 'is' : 'are'} committed first as a checkpoint and landed too.`;
}

/** Dialogs (confirm, pickers), drawn over the screen they ask about. */
function Modal({width, height}: {width: number; height: number}) {
	const {ui, store} = useServices();
	const overlay = useUi(ui, (state) => state.overlay);
	const agents = useWatch(store, (snapshot) => snapshot.agents);
	if (overlay.kind === 'confirm') {
		const agent = agents.find((candidate) => candidate.key === overlay.key);
		const detail = overlay.action === 'land' ? landDetail(agent?.ahead ?? 0, agent?.changes ?? 0) : agent ? `Now: ${statePresentation[agent.state].label}.` : undefined;
		return <ConfirmDialog question={confirmQuestion(overlay.action, overlay.key)} detail={detail} width={width} height={height} />;
	}
	if (overlay.kind === 'picker') return <Picker title={overlay.title} items={overlay.items} index={overlay.index} empty={overlay.empty} width={width} height={height} />;
	return null;
}

const isModal = (overlay: Overlay) => overlay.kind === 'confirm' || overlay.kind === 'picker';
const isBodyOverlay = (overlay: Overlay) => overlay.kind === 'help' || overlay.kind === 'peek';

/** The whole screen: floor or focus, their chrome, dialogs; one key dispatcher for all of it. */
export function App({loadTheme, initialTheme, size: fixedSize, onCommit, onKey}: AppProps) {
	const services = useServices();
	const {ui, store, refs} = services;
	const size = useTerminalSize(fixedSize);
	const [themes] = useState(() => new Map<string, Theme>([[initialTheme.name, initialTheme]]));
	const themeName = useUi(ui, (state) => state.theme);
	const view = useUi(ui, (state) => state.view);
	const focused = useUi(ui, (state) => state.focused);
	const overlay = useUi(ui, (state) => state.overlay);
	const promptActive = useUi(ui, (state) => state.promptActive);
	const drafts = useUi(ui, (state) => state.drafts);
	const toastState = useUi(ui, (state) => state.toast);
	const selected = useUi(ui, (state) => state.selected);
	const filter = useUi(ui, (state) => state.filter);
	const snapshot = useWatch(store, (value) => value);
	const theme = themes.get(themeName) ?? initialTheme;
	useLayoutEffect(() => onCommit?.());

	const setTheme = useCallback(
		(name: string) => {
			try {
				if (!themes.has(name)) themes.set(name, loadTheme(name));
				ui.dispatch({type: 'theme', theme: name});
				ui.dispatch({type: 'toast', text: `theme: ${name}`, level: 'info', at: Date.now()});
			} catch (error) {
				ui.dispatch({type: 'toast', text: error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error), level: 'error', at: Date.now()});
			}
		},
		[themes, loadTheme, ui],
	);
	const env: KeyEnv = useMemo(() => ({...(services as AppServices), setTheme}), [services, setTheme]);
	useRawInput((input) => {
		const state = ui.getSnapshot();
		const textInput = state.overlay.kind === 'send' || (state.view === 'focus' && state.promptActive && state.overlay.kind === 'none');
		for (const key of expandPress(input, textInput)) {
			onKey?.(key);
			if (!dispatchKey(env, key) && key.name !== 'mouse' && key.name !== 'unknown') toast(env, `${key.sequence.length === 1 ? key.name : 'that key'} does nothing here · ? shows the keys`);
		}
	});

	// Toasts fade after a few seconds.
	useEffect(() => {
		if (!toastState) return;
		const timer = setTimeout(() => ui.dispatch({type: 'toast-clear'}), toastState.level === 'error' ? 6000 : 3000);
		return () => clearTimeout(timer);
	}, [toastState, ui]);

	// Keep a selection that exists (agents come and go, filters hide some).
	const order = useMemo(() => groupAgents(snapshot.agents, snapshot.stages, filter).flatMap((group) => group.keys), [snapshot.agents, snapshot.stages, filter]);
	useEffect(() => {
		if (order.length > 0 && (selected === undefined || !order.includes(selected))) ui.dispatch({type: 'select', key: order[0]});
	}, [order, selected, ui]);

	const {columns: width} = size;
	const chrome = floorChrome(size.rows, snapshot.runs.length);
	// The footer offers approve and deny while the agent in view is blocked on a dialog.
	const asking = (key: string | undefined) => key !== undefined && snapshot.agents.some((agent) => agent.key === key && agent.state === 'needs_input');
	let content;
	if (view === 'focus' && focused) {
		const draft = drafts[focused] ?? '';
		const prompt = promptBarHeight(draft);
		const main = chrome.height - prompt - 1;
		content = (
			<>
				{isBodyOverlay(overlay) ? (
					<BodyOverlay width={width} height={main} />
				) : (
					<ModalLayer width={width} height={main} modal={isModal(overlay) ? <Modal width={width} height={main} /> : null}>
						<Focus agentKey={focused} width={width} height={main} />
					</ModalLayer>
				)}
				<PromptBar agent={focused.slice(focused.indexOf('/') + 1)} draft={draft} active={promptActive} width={width} hint={promptActive ? '⏎ send · Ctrl-J new line · Esc leave' : undefined} />
				<Footer ids={promptActive ? footerCommands.prompt : asking(focused) ? footerCommands.focusAsking : footerCommands.focus} width={width} toast={toastState} />
			</>
		);
	} else if (isBodyOverlay(overlay)) {
		// Help and peek take everything between the header and the footer.
		content = (
			<>
				<Header workspaces={snapshot.workspaces} totals={snapshot.totals} filter={filter} now={snapshot.now} width={width} notice={snapshot.notice} windows={snapshot.windows} />
				<BodyOverlay width={width} height={chrome.height - 2} />
				<Footer ids={footerCommands.floor} width={width} toast={toastState} />
			</>
		);
	} else {
		const sending = overlay.kind === 'send' ? overlay.key : undefined;
		const prompt = sending ? promptBarHeight(drafts[sending] ?? '') : 0;
		const body = Math.max(1, chrome.body - prompt);
		refs.floorTop = 1 + chrome.runs;
		content = (
			<>
				<Header workspaces={snapshot.workspaces} totals={snapshot.totals} filter={filter} now={snapshot.now} width={width} notice={snapshot.notice} windows={snapshot.windows} />
				<RunsStrip runs={snapshot.runs} width={width} lines={chrome.runs} now={snapshot.now} />
				<ModalLayer width={width} height={body} modal={isModal(overlay) ? <Modal width={width} height={body} /> : null}>
					<Floor width={width} height={body} />
				</ModalLayer>
				{sending ? <PromptBar agent={sending.slice(sending.indexOf('/') + 1)} draft={drafts[sending] ?? ''} active width={width} hint="⏎ send · Ctrl-J new line · Esc close" /> : null}
				<Ticker items={snapshot.ticker} width={width} lines={chrome.ticker} />
				<Footer ids={sending ? footerCommands.prompt : asking(selected) ? footerCommands.floorAsking : footerCommands.floor} width={width} toast={toastState} />
			</>
		);
	}
	const root = (
		<ThemeProvider theme={theme}>
			<Box width={width} flexShrink={0} height={chrome.height} flexDirection="column" overflowY="hidden">
				{content}
			</Box>
		</ThemeProvider>
	);
	return root;
}
