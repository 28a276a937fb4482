import {action} from './api.js';
import {h} from './dom.js';

/**
 * The Handoff button of focus mode: writes a handoff packet of the agent's work
 * (`POST /v1/actions/handoff`, operation `generate`) and reports where it went — `tt handoff apply`
 * (or `--replace`) feeds it to a session.
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
