import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type Size = {columns: number; rows: number};

/** The terminal's size, updated on resize (debounced a little: drags send many events). */
export function useTerminalSize(override?: Size): Size {
	const {stdout} = useStdout();
	const read = (): Size => override ?? {columns: stdout.columns || 80, rows: stdout.rows || 24};
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (override) return;
		let timer: NodeJS.Timeout | undefined;
		const onResize = () => {
			if (timer) clearTimeout(timer);
			timer = setTimeout(() => setSize({columns: stdout.columns || 80, rows: stdout.rows || 24}), 16);
		};
		stdout.on('resize', onResize);
		return () => {
			if (timer) clearTimeout(timer);
			stdout.off('resize', onResize);
		};
	}, [stdout, override]);
	return override ?? size;
}
