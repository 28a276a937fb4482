/**
 * The prompt `tt handoff apply` types: the packet between markers, with what to do with it (as
 * the reference words it, so a packet reads the same to an agent whichever tool applied it).
 */
const begin = '--- BEGIN HANDOFF ---';
const end = '--- END HANDOFF ---';
const opening = 'Apply this handoff packet and continue the work it describes.';

export function wrapPacket(packetPath: string, packet: string): string {
	return [
		opening,
		`Packet: ${packetPath}`,
		begin,
		packet.replace(/\n+$/, ''),
		end,
		'Before changing anything, summarize the execution plan you will follow (what is done, what is left, the next step), then continue.',
	].join('\n');
}

/** The packet path when `prompt` is a packet typed by {@link wrapPacket}, else undefined. */
export function isAppliedPacket(prompt: string): string | undefined {
	if (!prompt.startsWith(opening) || !prompt.includes(begin)) return undefined;
	return /^Packet: (.+)$/m.exec(prompt)?.[1] ?? '(unnamed)';
}
