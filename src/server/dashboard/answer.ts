import {action} from './api.js';
import {h} from './dom.js';

export type DialogAnswer = 'approve' | 'deny';

/**
 * Approves or denies the dialog an agent waits on (`POST /v1/actions/approve|deny`): the server
 * decides whether the agent is asking and which keys answer it. Resolves to a line for the status.
 */
export async function answerDialog(workspace: string, agent: string, answer: DialogAnswer): Promise<{ok: boolean; text: string}> {
	const reply = await action(answer, {workspace, agent});
	if (reply.ok) return {ok: true, text: answer === 'approve' ? 'approved' : 'denied'};
	return {ok: false, text: [reply.error.message, reply.error.hint].filter(Boolean).join(' — ')};
}

/**
 * The Approve and Deny buttons (the card and focus show them while the agent needs input). A click
 * reports `approving…`, then the outcome (`ok` set) for the agent `target` names at that moment.
 */
export function answerButtons(target: () => {workspace: string; agent: string} | undefined, report: (text: string, ok?: boolean) => void): [HTMLButtonElement, HTMLButtonElement] {
	const press = async (answer: DialogAnswer) => {
		const where = target();
		if (!where) return;
		report(answer === 'approve' ? 'approving…' : 'denying…');
		const outcome = await answerDialog(where.workspace, where.agent, answer);
		report(outcome.text, outcome.ok);
	};
	return [
		h('button.small.approve', {type: 'button', title: 'allow, once, what the agent\'s dialog asks', onclick: () => void press('approve')}, 'Approve'),
		h('button.small.deny', {type: 'button', title: 'decline what the agent\'s dialog asks', onclick: () => void press('deny')}, 'Deny'),
	];
}
