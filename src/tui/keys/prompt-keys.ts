import {matches} from './match.js';
import type {KeyPress} from './parse.js';
import {run, type KeyEnv} from './env.js';

function dropLastChar(text: string): string {
	const chars = [...text];
	chars.pop();
	return chars.join('');
}

/**
 * Editing keys of a prompt draft (the focus prompt bar and the floor's send box). Every key is
 * consumed: typing `q` in a prompt must not quit.
 */
export function handlePromptKey(env: KeyEnv, agentKey: string, key: KeyPress, onDone: () => void, onSent: () => void = onDone): true {
	const {ui} = env;
	const draft = ui.getSnapshot().drafts[agentKey] ?? '';
	const set = (text: string) => ui.dispatch({type: 'draft', key: agentKey, text});
	if (matches('prompt.newline', key)) set(`${draft}\n`);
	else if (matches('prompt.submit', key)) {
		const text = draft.replace(/\s+$/, '');
		if (text.trim() === '') return true;
		ui.dispatch({type: 'sent', key: agentKey, text});
		const name = agentKey.slice(agentKey.indexOf('/') + 1);
		run(env, `sending to ${name}`, () => env.actions.send(agentKey, text));
		onSent();
	} else if (matches('prompt.cancel', key)) onDone();
	else if (matches('prompt.history-prev', key)) ui.dispatch({type: 'history', key: agentKey, direction: -1});
	else if (matches('prompt.history-next', key)) ui.dispatch({type: 'history', key: agentKey, direction: 1});
	else if (matches('prompt.clear', key)) set('');
	else if (key.name === 'backspace' && key.meta) set(draft.replace(/\S+\s*$/, ''));
	else if (key.name === 'backspace') set(dropLastChar(draft));
	else if (key.name === 'w' && key.ctrl) set(draft.replace(/\S+\s*$/, ''));
	else if (key.text !== '' && !key.ctrl && !key.meta) set(draft + key.text);
	return true;
}
