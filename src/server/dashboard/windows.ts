import {windowsLine, windowsPct, windowTone} from '../../core/model/windows-text.js';
import type {WindowsView} from '../types.js';
import {api} from './api.js';
import {h, replace} from './dom.js';

/**
 * Each profile's plan windows in the top bar (`work MAX 5h 35% ↻2h13m · wk 10% ↻3d05h`), in the
 * words `tt watch` and `tt usage --windows` use. They come from the CLIs' logs, not from events,
 * so they are read once a minute while the page is in view (the server keeps one scan a minute
 * however many tabs ask); each read redraws the times to reset.
 */
export class WindowsBar {
	readonly element = h('div.windows', {'aria-label': 'plan usage windows'});
	#entries: WindowsView[] = [];

	start(): void {
		const read = async () => {
			if (document.visibilityState !== 'visible') return;
			const reply = await api<WindowsView[]>('/v1/usage/windows');
			if (reply.ok) this.#entries = reply.data;
			this.render();
		};
		void read();
		window.setInterval(() => void read(), 60_000);
		document.addEventListener('visibilitychange', () => void read());
	}

	render(now = Date.now()): void {
		replace(this.element, ...this.#entries.map((entry) => h('span.window', {'data-tone': windowTone(windowsPct(entry)), title: `${entry.profile}: 5-hour block and weekly window (tt usage --windows)`}, windowsLine(entry, now))));
	}
}
