import type {Runner} from '../process/runner.js';

/** What one look at a host finds (every field null when that part could not be read). */
export type HostProbe = {
	/** The 1-minute load average (/proc/loadavg). */
	load1m: number | null;
	/** MemAvailable and MemTotal of /proc/meminfo, in bytes. */
	memory: {available_bytes: number; total_bytes: number} | null;
	/** `tmux -V`, e.g. `tmux 3.3a`. */
	tmux: string | null;
	/** `git --version`, e.g. `git version 2.39.5`. */
	git: string | null;
	/** `tutti --version` (or `tt --version`) on the host; null: neither is on its PATH. */
	tutti: string | null;
	/** The root folder, or the nearest folder above it that exists (where `tt up` creates it). */
	root: {path: string; exists: boolean; writable: boolean} | null;
};

/**
 * One shell script, run with `sh -c` on the host: everything `tt hosts` and `tt doctor` ask is
 * read in one round trip. It is a constant; the root folder arrives as `$1`, an argv word quoted by
 * remote-command.ts like any other, never pasted into the script.
 */
const probeScript = [
	'echo "load $(cut -d" " -f1 /proc/loadavg 2>/dev/null)"',
	"grep -E '^(MemTotal|MemAvailable):' /proc/meminfo 2>/dev/null",
	'echo "tmux $(tmux -V 2>/dev/null)"',
	'echo "git $(git --version 2>/dev/null)"',
	'v=; for b in tutti tt; do if command -v "$b" >/dev/null 2>&1; then v=$("$b" --version 2>/dev/null | head -n 1); break; fi; done; echo "tutti $v"',
	'd=$1; while [ ! -e "$d" ] && [ "$d" != / ] && [ "$d" != . ]; do d=$(dirname "$d"); done',
	'if [ "$d" = "$1" ]; then e=yes; else e=no; fi',
	'if [ -d "$d" ] && [ -w "$d" ]; then w=yes; else w=no; fi',
	'echo "root $e $w $d"',
].join('\n');

/** Looks at a host once through `remote` (the host's runner): load, memory, tmux, git, tutti, its root folder. */
export async function probeHost(remote: Runner, root: string): Promise<HostProbe> {
	const result = await remote.run('sh', ['-c', probeScript, 'sh', root], {reject: false});
	return parseProbe(result.stdout);
}

/** Reads the probe script's lines (exported for tests: the host's output is data, not trusted). */
export function parseProbe(stdout: string): HostProbe {
	const probe: HostProbe = {load1m: null, memory: null, tmux: null, git: null, tutti: null, root: null};
	let total: number | undefined;
	let available: number | undefined;
	for (const line of stdout.split('\n')) {
		const [key = '', ...rest] = line.split(' ');
		const value = rest.join(' ').trim();
		if (key === 'load') probe.load1m = value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
		else if (key === 'MemTotal:') total = kilobytes(value);
		else if (key === 'MemAvailable:') available = kilobytes(value);
		else if (key === 'tmux' || key === 'git' || key === 'tutti') probe[key] = value === '' ? null : value;
		else if (key === 'root' && rest.length >= 3) probe.root = {exists: rest[0] === 'yes', writable: rest[1] === 'yes', path: rest.slice(2).join(' ')};
	}
	if (total !== undefined && available !== undefined) probe.memory = {available_bytes: available, total_bytes: total};
	return probe;
}

function kilobytes(value: string): number | undefined {
	const match = /^(\d+)\s*kB$/.exec(value.replace(/\s+/g, ' '));
	return match ? Number(match[1]) * 1024 : undefined;
}
