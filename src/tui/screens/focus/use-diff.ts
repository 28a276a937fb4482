import {useEffect, useState} from 'react';
import type {WorktreeDiff} from '../../../core/git/index.js';
import type {WatchActions} from '../../actions.js';
import {errorLine} from '../../actions.js';

export type DiffState = {diff: WorktreeDiff | undefined; error: string | undefined; loading: boolean};

/** The agent's worktree diff, re-read every `intervalMs` while shown. */
export function useDiff(actions: WatchActions, key: string, enabled: boolean, intervalMs = 3000): DiffState {
	const [state, setState] = useState<DiffState>({diff: undefined, error: undefined, loading: true});
	useEffect(() => {
		if (!enabled) return;
		let stopped = false;
		let timer: NodeJS.Timeout | undefined;
		const load = async () => {
			try {
				const diff = await actions.diff(key);
				if (!stopped) setState({diff, error: undefined, loading: false});
			} catch (error) {
				if (!stopped) setState({diff: undefined, error: errorLine(error), loading: false});
			}
			if (!stopped) timer = setTimeout(() => void load(), intervalMs);
		};
		void load();
		return () => {
			stopped = true;
			if (timer) clearTimeout(timer);
		};
	}, [actions, key, enabled, intervalMs]);
	return state;
}
