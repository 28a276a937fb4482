import {useEffect, useRef, useState} from 'react';
import {log} from '../../../core/log.js';
import type {ScreenModel} from '../../../core/screen/screen-model.js';
import {ScreenMirror} from '../../screen/mirror.js';
import type {WatchStore} from '../../store.js';

export type FocusScreen = {
	/** Rows to show, top to bottom, as SGR-only text. */
	lines: readonly string[];
	/** How far back the view can scroll. */
	maxScroll: number;
	cols: number;
	rows: number;
	title: string;
	/** False when the agent is not streamed (not running). */
	live: boolean;
};

const empty: FocusScreen = {lines: [], maxScroll: 0, cols: 0, rows: 0, title: '', live: false};

/** Last row with something on it, or the cursor's row: the bottom of what the agent drew. */
function usedRows(model: ScreenModel): {used: number; cursor: {x: number; y: number}; title: string} {
	const snapshot = model.snapshot();
	let used = snapshot.cursor.y + 1;
	for (let row = snapshot.lines.length - 1; row >= used; row--) {
		if ((snapshot.lines[row] ?? '') !== '') {
			used = row + 1;
			break;
		}
	}
	return {used, cursor: snapshot.cursor, title: snapshot.title};
}

/**
 * The focused agent's terminal, kept in sync with its screen model: each (batched) screen change
 * replays the model into a mirror and reads the rows of the window, `scroll` lines back from the
 * live bottom. Scrollback is read only while scrolled back.
 */
export function useFocusScreen(store: WatchStore, key: string, size: {width: number; height: number}, scroll: number, color: boolean): FocusScreen {
	const [screen, setScreen] = useState<FocusScreen>(empty);
	const mirror = useRef<ScreenMirror | undefined>(undefined);
	const params = useRef({size, scroll, color});
	params.current = {size, scroll, color};
	const [version, setVersion] = useState(0);

	useEffect(() => store.subscribeScreen(key, () => setVersion((value) => value + 1)), [store, key]);
	useEffect(() => {
		mirror.current = new ScreenMirror();
		return () => {
			mirror.current?.dispose();
			mirror.current = undefined;
		};
	}, []);

	useEffect(() => {
		let cancelled = false;
		const model = store.screen(key);
		const target = mirror.current;
		if (!model || !target) {
			setScreen(empty);
			return;
		}
		const {size: wanted, scroll: back, color: useColor} = params.current;
		const {used, cursor, title} = usedRows(model);
		const scrollback = back > 0 ? 2000 : 0;
		const serialized = model.serialize({scrollback});
		const cols = model.cols;
		const rows = model.rows;
		target
			.load(serialized, cols, rows)
			.then(() => {
				if (cancelled || mirror.current !== target) return;
				const bottom = target.baseY + used;
				const maxScroll = back > 0 ? Math.max(0, bottom - wanted.height) : Math.max(0, 2000);
				const end = Math.max(Math.min(bottom - Math.min(back, maxScroll), target.length), Math.min(wanted.height, bottom));
				const start = Math.max(0, end - wanted.height);
				const lines = target.rows(start, end - start, {width: wanted.width, color: useColor, cursor: back === 0 ? {row: target.baseY + cursor.y, col: cursor.x} : undefined});
				setScreen({lines, maxScroll: back > 0 ? maxScroll : Math.max(maxScroll, 1), cols, rows, title, live: true});
			})
			.catch((error: unknown) => log.debug('focus screen failed', {error: String(error)}));
		return () => {
			cancelled = true;
		};
	}, [store, key, version, size.width, size.height, scroll, color]);

	return screen;
}
