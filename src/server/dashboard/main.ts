import {api, initToken, setToken, token, unauthorized} from './api.js';
import {$, h, replace} from './dom.js';
import {DispatchView} from './dispatch.js';
import {FloorView} from './floor.js';
import {FocusView} from './focus.js';
import {HudView, renderRunDrawer, RunsView, TimelineView} from './panels.js';
import {EventStream, type StreamStatus} from './sse.js';
import {WindowsBar} from './windows.js';
import {DashboardStore} from './store.js';
import type {RunRecord, RunView, Snapshot, WireEvent, WorkspaceView} from './types.js';

initToken();
const store = new DashboardStore();
const root = $('#app');

const focusHash = (workspace: string, agent: string) => `#/focus/${encodeURIComponent(workspace)}/${encodeURIComponent(agent)}`;
const drawer = h('aside.drawer', {hidden: true, 'aria-label': 'run details'});
const showRun = (run: RunView) => renderRunDrawer(drawer, store.runs.get(run.id) ?? run, () => (drawer.hidden = true));
const floor = new FloorView((workspace, agent) => (location.hash = focusHash(workspace, agent)), showRun);
const hud = new HudView();
const timeline = new TimelineView();
const runs = new RunsView(showRun);
const focus = new FocusView(store, () => (location.hash = '#/'));
const dispatch = new DispatchView(store);
const windows = new WindowsBar();

const connection = h('span.conn', {title: 'connecting', 'data-status': 'connecting', role: 'status', 'aria-label': 'connection'});
const workspaceTabs = h('nav.workspaces', {'aria-label': 'workspaces'});
const home = h(
	'div.home',
	{},
	h('div.pane.pane-floor', {'data-tab': 'floor'}, floor.element),
	h('div.pane.pane-events', {'data-tab': 'events'}, timeline.element),
	h('div.pane.pane-runs', {'data-tab': 'runs'}, runs.element),
);
const tabs = ['floor', 'events', 'runs'].map((name) => h('button.tabbar-item', {type: 'button', 'data-tab': name, onclick: () => home.querySelector(`[data-tab="${name}"]`)?.scrollIntoView({behavior: 'smooth', inline: 'start', block: 'nearest'})}, name));
const tokenInput = h('input', {type: 'password', name: 'token', autocomplete: 'off', placeholder: 'bearer token', 'aria-label': 'bearer token'});
const tokenDialog = h(
	'form.token-dialog',
	{hidden: true},
	h('p', {}, 'This server needs its token. Open the URL printed by ', h('code', {}, 'tt serve'), ', or paste the token:'),
	tokenInput,
	h('button.primary', {type: 'submit'}, 'Connect'),
);

// Said in words when the server goes away (a small dot is easy to miss): what is on screen may be stale.
const offline = h('div.offline-banner', {role: 'alert', hidden: true}, 'Lost the connection to tt serve — what you see may be out of date. Reconnecting…');
let offlineTimer = 0;
function showConnection(status: StreamStatus): void {
	clearTimeout(offlineTimer);
	if (status === 'open' || status === 'closed' || status === 'unauthorized') {
		offline.hidden = true;
		return;
	}
	// A reconnect that succeeds at once is not worth a banner.
	if (status === 'retrying') offlineTimer = window.setTimeout(() => (offline.hidden = false), 1500);
}

replace(
	root,
	offline,
	h('header.topbar', {}, h('span.wordmark', {}, 'tutti'), workspaceTabs, hud.element, h('span.spacer'), windows.element, h('button.primary.run-button', {type: 'button', onclick: () => dispatch.toggle()}, '+ run'), connection),
	tokenDialog,
	h('main.views', {}, home, focus.element),
	h('nav.tabbar', {'aria-label': 'sections'}, ...tabs),
	dispatch.element,
	drawer,
);

windows.start();

// Which mobile tab is in view follows the swipe.
home.addEventListener('scroll', () => {
	const index = Math.round(home.scrollLeft / Math.max(1, home.clientWidth));
	tabs.forEach((tab, position) => tab.classList.toggle('active', position === index));
}, {passive: true});
tabs[0]?.classList.add('active');

function renderWorkspaceTabs(): void {
	const names = store.workspaces.map((workspace) => workspace.name);
	if (workspaceTabs.dataset['names'] !== names.join('\n')) {
		workspaceTabs.dataset['names'] = names.join('\n');
		replace(workspaceTabs, ...names.map((name) => h('button.ws-tab', {type: 'button', 'data-workspace': name, onclick: () => {
			store.selected = name;
			store.changed();
		}}, name)));
	}
	for (const button of workspaceTabs.querySelectorAll<HTMLElement>('.ws-tab')) button.classList.toggle('active', button.dataset['workspace'] === store.workspace?.name);
}

store.subscribe(() => {
	renderWorkspaceTabs();
	hud.render(store);
	floor.render(store);
	timeline.render(store);
	runs.render(store);
	focus.render();
	const open = drawer.hidden ? undefined : drawer.dataset['run'];
	if (open && store.runs.get(open)) showRun(store.runs.get(open)!);
});

// Usage figures move when a turn ends: re-read the summaries then (debounced), never on a timer.
let summaryTimer = 0;
function refreshSummaries(): void {
	clearTimeout(summaryTimer);
	summaryTimer = window.setTimeout(async () => {
		const reply = await api<WorkspaceView[]>('/v1/workspaces');
		if (reply.ok) for (const workspace of reply.data) store.updateWorkspace(workspace);
	}, 1000);
}

// The run history is the ledger's: read when the stream (re)connects and when a run ends.
// Memory and CPU move without any event: while the page is in view (and only then) the cards are
// re-read every few seconds; the server samples /proc at most every 2 s however many tabs ask.
window.setInterval(() => {
	if (document.visibilityState === 'visible' && document.body.dataset['stream'] === 'open') refreshSummaries();
}, 5000);

let historyTimer = 0;
function refreshHistory(delayMs = 500): void {
	clearTimeout(historyTimer);
	historyTimer = window.setTimeout(async () => {
		const reply = await api<RunRecord[]>('/v1/runs');
		if (reply.ok) store.setHistory(reply.data);
	}, delayMs);
}

let stream: EventStream;
function connect(): void {
	stream = new EventStream('/v1/events/stream', {
		onMessage(event, data) {
			if (event === 'snapshot') {
				store.applySnapshot(JSON.parse(data) as Snapshot);
				refreshHistory(0);
			}
			else if (event === 'resync') {
				stream.close();
				connect();
			} else if (event !== 'error') {
				const parsed = JSON.parse(data) as WireEvent;
				store.applyEvent(parsed);
				const to = parsed.data?.['to'];
				// …and when an agent starts needing a person: its unread notice comes with the summaries.
				const needsYou = parsed.agent !== null && store.agent(parsed.workspace, parsed.agent)?.attention === true;
				if (to === 'idle' || to === 'stopped' || (to !== undefined && needsYou) || parsed.event === 'agent.landed' || parsed.event === 'workflow.completed') refreshSummaries();
				if (parsed.event === 'workflow.started' || parsed.event === 'workflow.completed' || parsed.event === 'workflow.failed') refreshHistory();
			}
		},
		onStatus(status: StreamStatus) {
			connection.dataset['status'] = status;
			connection.title = status;
			showConnection(status);
			document.body.dataset['stream'] = status;
		},
	});
	stream.start();
}
connect();

unauthorized.addEventListener('unauthorized', () => {
	tokenDialog.hidden = false;
	if (token()) tokenInput.placeholder = 'the stored token was refused';
	tokenInput.focus();
});
tokenDialog.addEventListener('submit', (event) => {
	event.preventDefault();
	setToken(tokenInput.value);
	tokenInput.value = '';
	tokenDialog.hidden = true;
	stream.restart();
});

function route(): void {
	const match = /^#\/focus\/([^/]+)\/([^/]+)$/.exec(location.hash);
	if (match?.[1] && match[2]) {
		const workspace = decodeURIComponent(match[1]);
		store.selected = workspace;
		focus.open(workspace, decodeURIComponent(match[2]));
		document.body.classList.add('focused');
	} else {
		focus.close();
		document.body.classList.remove('focused');
	}
	store.changed();
}
window.addEventListener('hashchange', route);
route();

document.addEventListener('keydown', (event) => {
	if (event.key !== 'Escape') return;
	if (!drawer.hidden) drawer.hidden = true;
	else if (!dispatch.element.hidden) dispatch.close();
	else if (focus.target) location.hash = '#/';
});
