import {log} from '../../core/log.js';
import {safe} from './sources.js';
import type {WindowsSource, WindowsView} from './usage.js';

/** The plan windows the header shows: re-read on the store's timer, published only when they changed. */
export class WindowsPoller {
	latest: readonly WindowsView[];
	readonly #source: WindowsSource | undefined;
	readonly #changed: () => void;

	constructor(source: WindowsSource | undefined, changed: () => void) {
		this.#source = source;
		this.#changed = changed;
		this.latest = source?.latest() ?? [];
	}

	/** Whether there is anything to poll. */
	get polls(): boolean {
		return this.#source !== undefined;
	}

	async refresh(): Promise<void> {
		const source = this.#source;
		if (!source) return;
		await source.refresh().catch((error: unknown) => log.debug('windows refresh failed', {error: String(error)}));
		const next = safe(() => source.latest(), this.latest);
		if (next === this.latest) return;
		this.latest = next;
		this.#changed();
	}
}
