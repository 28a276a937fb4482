import {action, api} from './api.js';
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

type Packet = {workspace: string; agent: string; file: string; kind: string; generated_at: string};

/**
 * Start over: lists the agent's handoff packets (newest first, `GET /v1/handoffs`), and restarts it
 * on a new conversation that gets the one picked (operation `apply` with `replace`) — what to do
 * when its context is full or it lost its way. Nothing happens until the packet is confirmed.
 */
export function startOverButton(target: () => {workspace: string; agent: string} | undefined, report: (text: string, ok?: boolean) => void): HTMLElement {
	const select = h('select', {name: 'packet', 'aria-label': 'handoff packet'});
	const form = h('form.start-over', {hidden: true}, h('span.muted', {}, 'Start over with'), select, h('button.small', {type: 'submit'}, 'Restart with it'), h('button.small.ghost', {type: 'button', onclick: () => (form.hidden = true)}, 'Cancel'));
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const where = target();
		if (!where || select.value === '') return;
		form.hidden = true;
		void apply(where, select.value);
	});
	const apply = async (where: {workspace: string; agent: string}, packet: string) => {
		report(`starting ${where.agent} over with ${packet}…`);
		const reply = await action<{packet: string; confirmed: boolean}>('handoff', {workspace: where.workspace, agent: where.agent, operation: 'apply', replace: true, packet});
		if (reply.ok) report(`${where.agent} started over with ${reply.data.packet.split('/').at(-1) ?? packet}${reply.data.confirmed ? '' : ' (typed; not confirmed on screen)'}`, true);
		else report([reply.error.message, reply.error.hint].filter(Boolean).join(' — '), false);
	};
	const open = async () => {
		const where = target();
		if (!where) return;
		const reply = await api<Packet[]>(`/v1/handoffs?${new URLSearchParams({workspace: where.workspace, agent: where.agent, limit: '20'}).toString()}`);
		if (!reply.ok) return report([reply.error.message, reply.error.hint].filter(Boolean).join(' — '), false);
		if (reply.data.length === 0) return report(`no handoff packet for ${where.agent} yet: press Handoff to write one`, false);
		select.replaceChildren(...reply.data.map((packet) => h('option', {value: packet.file}, `${packet.file}${packet.kind === 'emergency' ? ' (emergency: login failed)' : ''} · ${new Date(packet.generated_at).toLocaleString()}`)));
		form.hidden = false;
		select.focus();
	};
	const button = h('button.small.ghost', {type: 'button', title: 'restart on a new conversation that gets a handoff packet you pick', onclick: () => void open()}, 'Start over');
	return h('span.start-over-wrap', {}, button, form);
}
