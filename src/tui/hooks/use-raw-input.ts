import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {parseKey, type KeyPress} from '../keys/parse.js';

/**
 * The one keyboard (and mouse) subscription of the app. Ink's own `useInput` drops what we need
 * (Ctrl-J, Alt-Enter, mouse reports), so this listens to Ink's input events, which arrive already
 * split into single sequences, and decodes them with keys/parse.ts.
 */
export function useRawInput(handler: (key: KeyPress) => void, isActive = true): void {
	const {setRawMode, isRawModeSupported, internal_eventEmitter: events} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;
	useEffect(() => {
		if (!isActive) return;
		if (isRawModeSupported) setRawMode(true);
		const onInput = (data: string) => latest.current(parseKey(data));
		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
			if (isRawModeSupported) setRawMode(false);
		};
	}, [isActive, isRawModeSupported, setRawMode, events]);
}
