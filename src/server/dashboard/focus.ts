import {Terminal} from '@xterm/xterm';
import {action, api, authHeaders} from './api.js';
import {answerButtons} from './answer.js';
import {handoffButton, startOverButton} from './handoff.js';
import {formatTokens, h, replace, setText} from './dom.js';
import {EventStream} from './sse.js';
import {look} from './states.js';
import type {DashboardStore} from './store.js';
import type {FocusData, ScreenFrame, WireEvent} from './types.js';

/** Smallest scale of the terminal (13 px × 0.7 ≈ 9 px text); below it, the terminal scrolls sideways. */
const minScale = 0.7;

const theme = {background: '#0b1020', foreground: '#d8dee9', cursor: '#d8dee9', selectionBackground: '#33415580'};

/**
 * Agent Focus Mode: the agent's live terminal (xterm.js, fed by the screen stream), its token
 * usage, context health and worktree diff (refreshed when its events say something changed), and a
 * prompt bar that sends to it.
 */
export class FocusView {
	readonly element: HTMLElement;
	readonly #store: DashboardStore;
	readonly #term: Terminal;
	readonly #termHost: HTMLElement;
	readonly #termWrap: HTMLElement;
	readonly #termSizer: HTMLElement;
	readonly #title: HTMLElement;
	readonly #state: HTMLElement;
	readonly #glyph: HTMLElement;
	readonly #meta: HTMLElement;
	readonly #usage: HTMLElement;
	readonly #diff: HTMLElement;
	readonly #input: HTMLTextAreaElement;
	readonly #status: HTMLElement;
	readonly #form: HTMLFormElement;
	readonly #startButton: HTMLButtonElement;
	readonly #stopButton: HTMLButtonElement;
	readonly #approveButton: HTMLButtonElement;
	readonly #denyButton: HTMLButtonElement;
	#target: {workspace: string; agent: string} | undefined;
	#screen: EventStream | undefined;
	#refreshTimer = 0;
	#resizeTimer = 0;
	/** The name and size of the look the open screen stream asked for. */
	#view: string | undefined;
	#streamSize: {cols: number; rows: number} | undefined;
	#loading = false;
	#again = false;
	#unsubscribe: (() => void) | undefined;
	readonly #onBack: () => void;

	constructor(store: DashboardStore, onBack: () => void) {
		this.#store = store;
		this.#onBack = onBack;
		this.#glyph = h('span.glyph', {'aria-hidden': 'true'});
		this.#title = h('b.focus-name');
		this.#state = h('span.focus-state');
		this.#meta = h('span.muted.focus-meta');
		this.#startButton = h('button.small', {type: 'button', onclick: () => void this.#lifecycle('up')}, 'Start');
		this.#stopButton = h('button.small.ghost', {type: 'button', onclick: () => void this.#lifecycle('down')}, 'Stop');
		const report = (text: string, ok?: boolean) => {
			this.#form.classList.remove('ok', 'failed');
			if (ok !== undefined) this.#form.classList.add(ok ? 'ok' : 'failed');
			setText(this.#status, text);
		};
		[this.#approveButton, this.#denyButton] = answerButtons(() => this.#target, report);
		this.#termHost = h('div.terminal', {'data-testid': 'terminal'});
		this.#termSizer = h('div.terminal-sizer', {}, this.#termHost);
		this.#termWrap = h('div.terminal-wrap', {}, this.#termSizer);
		this.#usage = h('div.usage');
		this.#diff = h('div.diff');
		this.#input = h('textarea.prompt-input', {rows: 1, placeholder: 'Prompt…  (Enter sends)', title: 'Enter sends; Shift+Enter starts a new line', 'aria-label': 'prompt', enterkeyhint: 'send'});
		this.#status = h('span.prompt-status', {role: 'status'});
		this.#form = h('form.prompt-bar', {}, this.#input, h('button.send', {type: 'submit'}, 'Send'), this.#status);
		const tabs = h('nav.side-tabs', {}, ...['usage', 'changes'].map((name) => h('button.tab', {type: 'button', onclick: () => this.element.querySelector(`[data-panel="${name}"]`)?.scrollIntoView({behavior: 'smooth', inline: 'start', block: 'nearest'})}, name)));
		const side = h('div.focus-side', {}, tabs, h('div.side-panels', {}, h('section.panel', {'data-panel': 'usage'}, h('h3', {}, 'Usage & context'), this.#usage), h('section.panel', {'data-panel': 'changes'}, h('h3', {}, 'Changes'), this.#diff)));
		this.element = h(
			'section.focus',
			{'aria-label': 'agent focus', hidden: true},
			h('header.focus-head', {}, h('button.back', {type: 'button', onclick: () => this.#onBack()}, '← floor'), this.#glyph, this.#title, this.#state, this.#meta, h('span.focus-actions', {}, this.#approveButton, this.#denyButton, handoffButton(() => this.#target, report), startOverButton(() => this.#target, report), this.#startButton, this.#stopButton)),
			h('div.focus-body', {}, this.#termWrap, side),
			this.#form,
		);
		this.#term = new Terminal({cols: 80, rows: 24, disableStdin: true, cursorBlink: false, scrollback: 0, fontSize: 13, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', theme, allowProposedApi: false});
		this.#form.addEventListener('submit', (event) => {
			event.preventDefault();
			void this.#send();
		});
		this.#input.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
				event.preventDefault();
				void this.#send();
			}
		});
		new ResizeObserver(() => {
			this.#fit();
			this.#followView();
		}).observe(this.#termWrap);
	}

	get target(): {workspace: string; agent: string} | undefined {
		return this.#target;
	}

	open(workspace: string, agent: string): void {
		if (this.#target?.workspace === workspace && this.#target.agent === agent) return;
		this.close();
		this.#target = {workspace, agent};
		this.element.hidden = false;
		if (!this.#termHost.firstChild) this.#term.open(this.#termHost);
		this.#term.reset();
		replace(this.#usage, h('p.muted', {}, 'loading…'));
		replace(this.#diff);
		this.#openScreen();
		this.#unsubscribe = this.#store.onEvent((event) => this.#onEvent(event));
		this.render();
		void this.#refresh();
		this.#input.focus({preventScroll: true});
	}

	/**
	 * Streams the agent's screen, asking for its window to take this view's size while the stream
	 * is open (the CLI reflows to it, nothing is cropped; the server restores the size after).
	 */
	#openScreen(): void {
		const target = this.#target;
		if (!target) return;
		this.#screen?.close();
		this.#endView();
		const size = this.#viewSize();
		this.#streamSize = size;
		this.#view = size ? `${target.workspace}-${Math.random().toString(36).slice(2, 12)}`.replace(/[^A-Za-z0-9-]/g, '') : undefined;
		const query = size && this.#view ? `?cols=${size.cols}&rows=${size.rows}&view=${this.#view}` : '';
		const path = `/v1/agents/${encodeURIComponent(target.workspace)}/${encodeURIComponent(target.agent)}/screen/stream${query}`;
		this.#screen = new EventStream(path, {onMessage: (event, data) => event === 'screen' && this.#frame(JSON.parse(data) as ScreenFrame)}, {resume: false});
		this.#screen.start();
	}

	/** The columns and rows of terminal text this view holds at the readable font size. */
	#viewSize(): {cols: number; rows: number} | undefined {
		const screen = this.#termHost.querySelector<HTMLElement>('.xterm-screen');
		if (!screen || screen.offsetWidth === 0 || this.#term.cols === 0) return undefined;
		const cellWidth = screen.offsetWidth / this.#term.cols;
		const cellHeight = screen.offsetHeight / this.#term.rows;
		const style = getComputedStyle(this.#termWrap);
		const width = this.#termWrap.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 2;
		// The terminal grows with its content: its height is what the window has left below its top.
		const height = window.innerHeight - this.#termWrap.getBoundingClientRect().top - this.#form.offsetHeight - 40;
		// A column to spare: cell widths are fractional, and a box drawn to the last column must show whole.
		return {cols: Math.max(20, Math.floor(width / cellWidth) - 1), rows: Math.max(8, Math.floor(height / cellHeight))};
	}

	/** After the view changes size (settled for 300 ms), the agent's window follows. */
	#followView(): void {
		clearTimeout(this.#resizeTimer);
		this.#resizeTimer = window.setTimeout(() => {
			const size = this.#viewSize();
			const was = this.#streamSize;
			if (!this.#target || !size || (was && Math.abs(was.cols - size.cols) < 2 && Math.abs(was.rows - size.rows) < 2)) return;
			this.#openScreen();
		}, 300);
	}

	/** Tells the server this look ended (the agent gets its own size back at once). */
	#endView(): void {
		const target = this.#target;
		const view = this.#view;
		this.#view = undefined;
		if (!target || !view) return;
		void fetch(`/v1/agents/${encodeURIComponent(target.workspace)}/${encodeURIComponent(target.agent)}/screen/views/${view}`, {method: 'DELETE', headers: {...authHeaders(), 'Content-Type': 'application/json'}, body: '{}', keepalive: true}).catch(() => undefined);
	}

	close(): void {
		clearTimeout(this.#resizeTimer);
		this.#endView();
		this.#screen?.close();
		this.#screen = undefined;
		this.#streamSize = undefined;
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
		clearTimeout(this.#refreshTimer);
		this.#target = undefined;
		this.element.hidden = true;
	}

	/** Header from the store (state changes arrive as events). */
	render(): void {
		const target = this.#target;
		if (!target) return;
		const agent = this.#store.agent(target.workspace, target.agent);
		const state = agent?.state ?? 'unknown';
		const {glyph, label, tone} = look(state);
		this.element.dataset['state'] = state;
		this.#glyph.className = `glyph ${tone}`;
		setText(this.#glyph, glyph);
		setText(this.#title, target.agent);
		this.#state.className = `focus-state ${tone}`;
		setText(this.#state, label);
		setText(this.#meta, `${target.workspace} · ${agent?.runtime ?? ''}${agent?.branch ? ` · ${agent.branch}` : ''}`);
		this.#startButton.hidden = agent?.running ?? false;
		this.#stopButton.hidden = !(agent?.running ?? false);
		// Offered only while the agent waits on a dialog; the server says whether its keys are known.
		this.#approveButton.hidden = this.#denyButton.hidden = state !== 'needs_input';
	}

	#frame(frame: ScreenFrame): void {
		if (!frame.running) {
			this.#term.reset();
			this.#term.write('\x1b[2m(agent is not running — press Start, or send a prompt to start it)\x1b[0m');
			this.#fit();
			return;
		}
		if (frame.cols !== this.#term.cols || frame.rows !== this.#term.rows) this.#term.resize(Math.max(2, frame.cols), Math.max(1, frame.rows));
		// One write: clear, draw the screen, put the cursor back — rendered as one frame.
		this.#term.write(`\x1b[0m\x1b[H\x1b[2J${frame.ansi}\x1b[0m\x1b[${frame.cursor.y + 1};${frame.cursor.x + 1}H`, () => {
			this.#fit();
			// The first stream may have opened before the terminal could be measured: size it now.
			if (!this.#streamSize) this.#followView();
		});
		this.#termHost.dataset['version'] = String(frame.version);
	}

	/**
	 * Scales the terminal (the pane's real size, often 200 columns) to the width it has, but not
	 * below a readable size: narrower screens scroll sideways instead.
	 */
	#fit(): void {
		const screen = this.#termHost.querySelector<HTMLElement>('.xterm-screen');
		if (!screen) return;
		const width = screen.offsetWidth;
		const height = screen.offsetHeight;
		if (width === 0) return;
		const style = getComputedStyle(this.#termWrap);
		// clientWidth includes the padding, which the terminal cannot use.
		const available = this.#termWrap.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 2;
		const scale = Math.min(1.25, Math.max(minScale, available / width));
		this.#termHost.style.transform = `scale(${scale})`;
		this.#termSizer.style.width = `${Math.floor(width * scale)}px`;
		this.#termSizer.style.height = `${Math.ceil(height * scale)}px`;
	}

	#onEvent(event: WireEvent): void {
		const target = this.#target;
		if (!target || event.workspace !== target.workspace || event.agent !== target.agent) return;
		this.render();
		// Diff and usage change when a turn ends or work lands: refresh after events settle.
		clearTimeout(this.#refreshTimer);
		this.#refreshTimer = window.setTimeout(() => void this.#refresh(), 600);
	}

	async #refresh(): Promise<void> {
		const target = this.#target;
		if (!target) return;
		if (this.#loading) {
			this.#again = true;
			return;
		}
		this.#loading = true;
		try {
			const reply = await api<FocusData>(`/v1/agents/${encodeURIComponent(target.workspace)}/${encodeURIComponent(target.agent)}/focus?lines=1`);
			if (reply.ok && this.#target === target) this.#panels(reply.data);
		} finally {
			this.#loading = false;
			if (this.#again) {
				this.#again = false;
				void this.#refresh();
			}
		}
	}

	#panels(data: FocusData): void {
		const {usage} = data;
		const pct = data.context_pct;
		const row = (label: string, value: number) => h('tr', {}, h('th', {}, label), h('td', {}, formatTokens(value)));
		replace(
			this.#usage,
			h('table.usage-table', {}, row('input', usage.input_tokens), row('output', usage.output_tokens), row('cache read', usage.cache_read), row('cache write', usage.cache_write)),
			usage.model ? h('p.muted', {}, usage.model) : null,
			h('div.ctx-health', {}, h('span', {}, pct === null ? 'context: unknown' : `context ${Math.round(pct)}% used`), h(`div.ctx.big.${pct === null ? 'ctx-low' : pct >= 85 ? 'ctx-high' : pct >= 60 ? 'ctx-mid' : 'ctx-low'}` as 'div', {}, h('span.ctx-fill', {style: `width: ${pct ?? 0}%`}))),
		);
		const diff = data.diff;
		if (!diff) {
			replace(this.#diff, h('p.muted', {}, data.diff_error ?? 'This agent works in the project root (no worktree).'));
			return;
		}
		const lines = diff.text.split('\n').slice(0, 400);
		replace(
			this.#diff,
			h('p.diff-summary', {}, `${diff.files_changed} file${diff.files_changed === 1 ? '' : 's'}, `, h('span.add', {}, `+${diff.insertions}`), ' ', h('span.del', {}, `−${diff.deletions}`), diff.commits.length > 0 ? ` · ${diff.commits.length} commit${diff.commits.length === 1 ? '' : 's'} to land` : ''),
			h('pre.diff-text', {}, ...lines.map((line) => h(`span.${line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') ? 'file' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx-line'}` as 'span', {}, `${line}\n`))),
			diff.text === '' ? h('p.muted', {}, 'No changes.') : null,
		);
	}

	async #send(): Promise<void> {
		const target = this.#target;
		const prompt = this.#input.value;
		if (!target || prompt.trim() === '') return;
		this.#form.classList.remove('ok', 'failed');
		setText(this.#status, 'sending…');
		const reply = await action('send', {workspace: target.workspace, agent: target.agent, prompt, auto_up: true});
		this.#form.classList.add(reply.ok ? 'ok' : 'failed');
		setText(this.#status, reply.ok ? 'sent' : (reply.error?.message ?? 'failed'));
		if (reply.ok) this.#input.value = '';
	}

	async #lifecycle(name: 'up' | 'down'): Promise<void> {
		const target = this.#target;
		if (!target) return;
		setText(this.#status, name === 'up' ? 'starting…' : 'stopping…');
		const reply = await action(name, {workspace: target.workspace, agent: target.agent});
		setText(this.#status, reply.ok ? (name === 'up' ? 'started' : 'stopped') : (reply.error?.message ?? 'failed'));
	}
}
