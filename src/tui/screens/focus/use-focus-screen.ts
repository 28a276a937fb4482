import {useEffect, useRef, useState} from 'react';
import type {ScreenModel} from '../../../core/screen/screen-model.js';
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
 * The focused agent's terminal, read from its screen model on each (batched) screen change: the
 * rows of the window, `scroll` lines back from the live bottom, with colours as SGR text.
 */
export function useFocusScreen(store: WatchStore, key: string, size: {width: number; height: number}, scroll: number, color: boolean): FocusScreen {
	const [screen, setScreen] = useState<FocusScreen>(empty);
	const params = useRef({size, scroll, color});
	params.current = {size, scroll, color};
	const [version, setVersion] = useState(0);

	useEffect(() => store.subscribeScreen(key, () => setVersion((value) => value + 1)), [store, key]);

	useEffect(() => {
		const model = store.screen(key);
		if (!model) {
			setScreen(empty);
			return;
		}
		const {size: wanted, scroll: back, color: useColor} = params.current;
		const {used, cursor, title} = usedRows(model);
		const bottom = model.baseY + used;
		const maxScroll = Math.max(0, bottom - wanted.height);
		const end = Math.max(Math.min(bottom - Math.min(back, maxScroll), model.length), Math.min(wanted.height, bottom));
		const start = Math.max(0, end - wanted.height);
		const lines = model.styledRows(start, end - start, {width: wanted.width, color: useColor, cursor: back === 0 ? {row: model.baseY + cursor.y, col: cursor.x} : undefined});
		setScreen({lines, maxScroll, cols: model.cols, rows: model.rows, title, live: true});
	}, [store, key, version, size.width, size.height, scroll, color]);

	return screen;
}
