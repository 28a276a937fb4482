import {InvalidArgumentError} from 'commander';
import {applyHandoff, generateHandoff, listHandoffs} from '../../core/handoff/index.js';
import {parseAgentRef} from '../context.js';
import {table} from '../output.js';
import {handler, type Register} from '../program.js';

function whole(name: string, min: number, max: number) {
	return (value: string): number => {
		const number = Number(value);
		if (!/^\d+$/.test(value) || number < min || number > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
		return number;
	};
}

export const registerHandoff: Register = (program, runtime) => {
	const handoff = program
		.command('handoff')
		.description('handoff packets: what a fresh session (or another agent) needs to continue an agent\'s work')
		.addHelpText('after', '\nExamples:\n  tt handoff generate dev --reason "context nearly full"\n  tt handoff apply dev                 type dev\'s newest packet into it\n  tt handoff apply dev --replace       restart dev on a new conversation and give it the packet\n  tt handoff apply dev --replace --runtime codex   hand dev\'s work over to Codex\n  tt handoff list --agent dev\n\nPackets are written to .tutti/handoffs/<agent>-handoff-<YYYYmmdd-HHMMSS>.md. With [handoff] auto = true,\nthe recorder (tt watch, tt serve) writes one when an agent\'s context use reaches the threshold, and an\n<agent>-emergency-… packet when an agent loses its login.');

	handoff
		.command('generate')
		.description('write a packet: the task (first and latest prompts), changed files, unlanded commits, verify status, recent output')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.option('--reason <text>', 'why the packet is written', 'manual')
		.option('--ctx <percent>', 'context used, percent, when you know it (default: read from the CLI\'s logs)', whole('--ctx', 0, 255))
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (reference: string, flags: {reason: string; ctx?: number; json?: boolean}) => {
				const {workspace, agent} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const result = await generateHandoff(ctx, agent, {reason: flags.reason, ...(flags.ctx === undefined ? {} : {ctxPct: flags.ctx})});
				if (flags.json) return runtime.output.json({agent: result.agent, packet: result.packet, reason: result.reason, ctx_pct: result.ctx_pct, workspace: result.workspace});
				runtime.output.out(`handoff packet for ${result.agent}: ${result.packet}`);
				runtime.output.out(`apply it with: tt handoff apply ${result.agent}  (or --replace for a fresh session)`);
			}),
		);

	handoff
		.command('apply')
		.description('type a packet (default: the agent\'s newest) into the running agent, wrapped in instructions to continue')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.option('--packet <path>', 'the packet file (default: the newest for this agent)')
		.option('--replace', 'stop the agent\'s session first and start a fresh one (new conversation, no resume) that gets the packet')
		.option('--runtime <runtime>', 'with --replace: the fresh session runs this CLI instead (e.g. codex); the agent keeps it until handed back the same way')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (reference: string, flags: {packet?: string; replace?: boolean; runtime?: string; json?: boolean}) => {
				const {workspace, agent} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const result = await applyHandoff(ctx, agent, {packet: flags.packet, replace: flags.replace, runtime: flags.runtime});
				if (flags.json) return runtime.output.json(result);
				for (const warning of result.warnings) runtime.output.err(`warning: ${warning}`);
				const where = result.replaced ? `a fresh ${result.runtime} session of ${result.agent}` : result.agent;
				runtime.output.out(`applied ${result.packet} to ${where} (${result.session})${result.confirmed ? '' : ' — typed; the screen could not confirm it was submitted'}`);
			}),
		);

	handoff
		.command('list')
		.description('list handoff packets, newest first')
		.option('--agent <name>', 'only this agent\'s packets')
		.option('--limit <n>', 'at most this many', whole('--limit', 1, 100_000), 20)
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (flags: {agent?: string; limit: number; workspace?: string; json?: boolean}) => {
				const ctx = await runtime.workspace({workspace: flags.workspace});
				const packets = listHandoffs(ctx, {agent: flags.agent, limit: flags.limit});
				if (flags.json) return runtime.output.json(packets.map((packet) => ({agent: packet.agent, path: packet.path, modified: packet.modified_at, kind: packet.kind, generated_at: packet.generated_at, size_bytes: packet.size_bytes})));
				if (packets.length === 0) return runtime.output.out(flags.agent ? `No handoff packets for ${flags.agent}.` : 'No handoff packets yet (write one: tt handoff generate <agent>).');
				runtime.output.out(table(['Agent', 'Packet', 'Modified'], packets.map((packet) => [packet.agent, packet.path, packet.modified_at])));
			}),
		);
};
