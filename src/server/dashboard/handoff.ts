import {action} from './api.js';
import {h} from './dom.js';

/**
 * The Handoff button of focus mode: writes a handoff packet of the agent's work
 * (`POST /v1/actions/handoff`, operation `generate`) and reports where it went; {@link startOverButton}
 * (or `tt handoff apply`) feeds it to a session.
 */
export function handoffButton(target: () => {workspace: string; agent: string} | undefined, report: (text: string, ok?: boolean) => void): HTMLButtonElement {
	const press = async () => {
		const where = target();
		if (!where) return;
		report('writing a handoff packet…');
		const reply = await action<{packet: string}>('handoff', {workspace: where.workspace, agent: where.agent, operation: 'generate', reason: 'manual (dashboard)'});
		if (reply.ok) report(`handoff packet written: ${reply.data.packet}`, true);
		else report([reply.error.message, reply.error.hint].filter(Boolean).join(' — '), false);
	};
	return h('button.small.ghost', {type: 'button', title: 'write a handoff packet of its work (.tutti/handoffs)', onclick: () => void press()}, 'Handoff');
}

/**
 * Start over: after asking, restarts the agent on a new conversation that gets its newest handoff
 * packet (operation `apply` with `replace`) — what to do when its context is full or it lost its way.
 */
export function startOverButton(target: () => {workspace: string; agent: string} | undefined, report: (text: string, ok?: boolean) => void): HTMLButtonElement {
	const press = async () => {
		const where = target();
		if (!where || !window.confirm(`Start ${where.agent} over on a new conversation with its newest handoff packet?`)) return;
		report(`starting ${where.agent} over…`);
		const reply = await action<{packet: string; confirmed: boolean}>('handoff', {workspace: where.workspace, agent: where.agent, operation: 'apply', replace: true});
		if (reply.ok) report(`${where.agent} started over with ${reply.data.packet.split('/').at(-1) ?? 'its packet'}${reply.data.confirmed ? '' : ' (typed; not confirmed on screen)'}`, true);
		else report([reply.error.message, reply.error.hint].filter(Boolean).join(' — '), false);
	};
	return h('button.small.ghost', {type: 'button', title: 'restart on a new conversation that gets its newest handoff packet', onclick: () => void press()}, 'Start over');
}
