import type {StateSource, StateVerdict} from '../core/state/types.js';

/** Each layer that can decide a state, in the words `tt explain` and `tt detect` use. */
const sourceWords: Record<StateSource, string> = {
	pane: 'the pane (its process)',
	native: 'a signal from the CLI itself',
	title: 'the pane title',
	screen: 'a screen rule',
	hysteresis: 'the busy→idle debounce',
	activity: 'whether its output flows',
	session: 'the tmux session',
	host: 'its host (over ssh)',
	none: 'nothing: no rule matched',
};

/** `the pane title (rule demo/title.idle): ✳ demo: idle` — the layer, its rule and what it saw. */
export function decidedBy(verdict: Pick<StateVerdict, 'source' | 'rule' | 'detail'>): string {
	return `${sourceWords[verdict.source]}${verdict.rule ? ` (rule ${verdict.rule})` : ''}${verdict.detail ? `: ${verdict.detail}` : ''}`;
}

/** Whether two verdicts tell the same story (state, layer and rule). */
export function sameDecision(a: Pick<StateVerdict, 'state' | 'source' | 'rule'>, b: Pick<StateVerdict, 'state' | 'source' | 'rule'>): boolean {
	return a.state === b.state && a.source === b.source && a.rule === b.rule;
}


/** `tt watch or tt serve (pid 15950)`, or with another host named: a recorder's `<host>:<pid>` for people. */
export function recorderText(owner: string, host: string): string {
	const split = owner.lastIndexOf(':');
	const [where, pid] = split < 0 ? ['', owner] : [owner.slice(0, split), owner.slice(split + 1)];
	return `tt watch or tt serve (pid ${pid}${where && where !== host ? ` on ${where}` : ''})`;
}
