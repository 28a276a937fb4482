import {accessSync, constants, readFileSync} from 'node:fs';
import path from 'node:path';

/** Whether this machine can hold an agent to a memory limit with cgroup v2, and why not. */
export type MemoryLimitSupport = {available: boolean; detail: string};

/**
 * Looks for a cgroup v2 memory controller tutti could use: the unified hierarchy mounted at
 * `sysRoot/fs/cgroup`, this process's cgroup (from `/proc/self/cgroup`, the `0::` line) offering
 * `memory`, and that cgroup writable by us (delegated), so an agent could get a child cgroup with
 * `memory.max`. Reads files only.
 */
export function memoryLimitSupport(procRoot = '/proc', sysRoot = '/sys'): MemoryLimitSupport {
	const own = read(path.join(procRoot, 'self', 'cgroup'));
	if (own === undefined) return {available: false, detail: 'no /proc/self/cgroup (not Linux): memory limits per agent are not available'};
	const mount = path.join(sysRoot, 'fs', 'cgroup');
	if (read(path.join(mount, 'cgroup.controllers')) === undefined) return {available: false, detail: `no cgroup v2 hierarchy at ${mount} (cgroup v1, or none in this container): memory limits per agent are not available`};
	const relative = own.split('\n').find((line) => line.startsWith('0::'))?.slice(3).trim();
	if (relative === undefined) return {available: false, detail: 'this process is in no cgroup v2 group (hybrid setup): memory limits per agent are not available'};
	const group = path.join(mount, relative);
	const controllers = (read(path.join(group, 'cgroup.controllers')) ?? '').trim().split(/\s+/);
	if (!controllers.includes('memory')) return {available: false, detail: `the memory controller is not enabled for ${relative} (controllers: ${controllers.join(' ') || 'none'})`};
	try {
		accessSync(group, constants.W_OK);
	} catch {
		return {available: false, detail: `cgroup v2 with memory at ${relative}, but not delegated to this user (not writable)`};
	}
	return {available: true, detail: `cgroup v2 memory controller delegated at ${relative}`};
}

function read(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}
