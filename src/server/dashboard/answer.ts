import {action} from './api.js';

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
