import {existsSync, lstatSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {TuttiError} from '../errors.js';

/** `handoff`: asked for, or automatic at the context threshold; `emergency`: the agent lost its login. */
export type PacketKind = 'handoff' | 'emergency';

/** One packet in `.tutti/handoffs/`, as `tt handoff list` and `GET /v1/handoffs` show it. */
export type HandoffFile = {
	agent: string;
	kind: PacketKind;
	file: string;
	path: string;
	size_bytes: number;
	/** When the packet was generated (from its name, which carries the local time). */
	generated_at: string;
	/** The file's modification time. */
	modified_at: string;
};

/**
 * `<agent>-<kind>-<YYYYmmdd>-<HHMMSS>[-<n>].md`. The agent part is everything before the last
 * `-handoff-`/`-emergency-` followed by a stamp, so `api-v2` and even `a-handoff-b` parse whole
 * (the reference cuts at the first `-`). `-<n>` tells apart packets generated in the same second.
 */
const packetName = /^(.+)-(handoff|emergency)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?\.md$/;

/** Reads a packet's file name; undefined when it is not one. */
export function parsePacketName(file: string): {agent: string; kind: PacketKind; generated: Date; sequence: number} | undefined {
	const match = packetName.exec(file);
	if (!match) return undefined;
	const [, agent, kind, year, month, day, hour, minute, second, sequence] = match;
	const generated = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
	if (Number.isNaN(generated.getTime())) return undefined;
	return {agent: agent!, kind: kind as PacketKind, generated, sequence: Number(sequence ?? 0)};
}

/** `20250131-142501`, local time (as the reference names packets). */
export function packetStamp(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** A file name for a new packet that no packet in `dir` has yet. */
export function newPacketFile(dir: string, agent: string, kind: PacketKind, now: Date): string {
	const stem = `${agent}-${kind}-${packetStamp(now)}`;
	for (let sequence = 0; ; sequence++) {
		const file = path.join(dir, sequence === 0 ? `${stem}.md` : `${stem}-${sequence}.md`);
		if (!existsSync(file)) return file;
	}
}

export type ListHandoffsOptions = {
	/** Only this agent's packets (exact name: `api` does not match `api-v2`'s). */
	agent?: string | undefined;
	/** @default 20 */
	limit?: number | undefined;
};

/** The workspace's packets, newest first by when they were generated (then by modification time). */
export function listHandoffs(ctx: WorkspaceContext, options: ListHandoffsOptions = {}): HandoffFile[] {
	const dir = ctx.paths.handoffs;
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	const rows: Array<HandoffFile & {order: [number, number, number]}> = [];
	for (const file of names) {
		const parsed = parsePacketName(file);
		if (!parsed || (options.agent !== undefined && parsed.agent !== options.agent)) continue;
		const full = path.join(dir, file);
		let stat;
		try {
			// Not followed: tutti writes packets as regular files; a link could point anywhere.
			stat = lstatSync(full);
		} catch {
			continue; // removed while listing
		}
		if (!stat.isFile()) continue;
		rows.push({
			agent: parsed.agent,
			kind: parsed.kind,
			file,
			path: full,
			size_bytes: stat.size,
			generated_at: parsed.generated.toISOString(),
			modified_at: stat.mtime.toISOString(),
			order: [parsed.generated.getTime(), parsed.sequence, stat.mtimeMs],
		});
	}
	rows.sort((a, b) => b.order[0] - a.order[0] || b.order[1] - a.order[1] || b.order[2] - a.order[2]);
	return rows.slice(0, options.limit ?? 20).map(({order: _order, ...row}) => row);
}

/**
 * The packet `tt handoff apply` types: the one named (a path, or a file name in `.tutti/handoffs`),
 * else the agent's newest. `withinHandoffs` refuses anything outside that folder (the API's rule:
 * a remote caller must not make tutti read an arbitrary file into an agent).
 */
export function resolvePacket(ctx: WorkspaceContext, agent: string, packet: string | undefined, options: {withinHandoffs?: boolean} = {}): string {
	if (packet === undefined) {
		const [newest] = listHandoffs(ctx, {agent, limit: 1});
		if (!newest) throw new TuttiError('ERR_USAGE', `there is no handoff packet for "${agent}" in ${ctx.paths.handoffs}`, {hint: `Write one first: tt handoff generate ${agent}`});
		return newest.path;
	}
	if (options.withinHandoffs && (packet.includes('/') || packet.includes('\\') || packet.startsWith('.'))) {
		throw new TuttiError('ERR_USAGE', `packet must be a file name in ${ctx.paths.handoffs}, not a path: ${packet}`, {hint: 'Use a file name from GET /v1/handoffs.'});
	}
	const full = path.resolve(options.withinHandoffs ? ctx.paths.handoffs : process.cwd(), packet);
	let isFile = false;
	try {
		isFile = (options.withinHandoffs ? lstatSync(full) : statSync(full)).isFile();
	} catch {
		// reported below
	}
	if (!isFile) throw new TuttiError('ERR_USAGE', `no handoff packet at ${full}`, {hint: `List the packets: tt handoff list --agent ${agent}`});
	return full;
}
