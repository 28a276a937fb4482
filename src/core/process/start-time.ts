import {readFileSync} from 'node:fs';

/**
 * Field 22 of /proc/<pid>/stat (start time in clock ticks): with the pid, it tells a live
 * process from a later one that reused its pid. Undefined when the process is gone (or there is
 * no /proc).
 */
export function processStart(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces; fields after the closing paren are fixed.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return fields[19];
	} catch {
		return undefined;
	}
}
