import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {memoryLimitSupport} from '../../../src/core/resources/cgroup.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const temps: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of temps.splice(0)) cleanup();
});

/** A fake /proc and /sys: this process in `group`, whose cgroup.controllers lists `controllers` (v2 when `unified`). */
function machine(options: {unified: boolean; group?: string; controllers?: string; cgroupLines?: string}) {
	const {dir, cleanup} = makeTempDir('tutti-cgroup-');
	temps.push(cleanup);
	const proc = path.join(dir, 'proc');
	const sys = path.join(dir, 'sys');
	mkdirSync(path.join(proc, 'self'), {recursive: true});
	writeFileSync(path.join(proc, 'self', 'cgroup'), options.cgroupLines ?? `0::${options.group ?? '/'}\n`);
	const mount = path.join(sys, 'fs', 'cgroup');
	mkdirSync(path.join(mount, options.group ?? ''), {recursive: true});
	if (options.unified) {
		writeFileSync(path.join(mount, 'cgroup.controllers'), 'cpu io memory pids\n');
		writeFileSync(path.join(mount, options.group ?? '', 'cgroup.controllers'), `${options.controllers ?? ''}\n`);
	}
	return {proc, sys};
}

describe('memoryLimitSupport (tt doctor)', () => {
	it('is available where cgroup v2 offers memory to a group this user may write', () => {
		const {proc, sys} = machine({unified: true, group: '/user.slice/user-1000.slice/session-1.scope', controllers: 'cpu memory pids'});
		expect(memoryLimitSupport(proc, sys)).toEqual({available: true, detail: 'cgroup v2 memory controller delegated at /user.slice/user-1000.slice/session-1.scope'});
	});

	it('says why not: no /proc, cgroup v1 only, a v1 memory line without a v2 group, no memory controller', () => {
		expect(memoryLimitSupport('/no/such/proc', '/no/such/sys')).toMatchObject({available: false, detail: expect.stringContaining('not Linux')});
		const v1 = machine({unified: false});
		expect(memoryLimitSupport(v1.proc, v1.sys)).toMatchObject({available: false, detail: expect.stringContaining('cgroup v1')});
		const hybrid = machine({unified: true, cgroupLines: '4:memory:/docker/abc\n1:cpu:/\n'});
		expect(memoryLimitSupport(hybrid.proc, hybrid.sys)).toMatchObject({available: false, detail: expect.stringContaining('no cgroup v2 group')});
		const noMemory = machine({unified: true, group: '/app', controllers: 'cpu pids'});
		expect(memoryLimitSupport(noMemory.proc, noMemory.sys)).toEqual({available: false, detail: 'the memory controller is not enabled for /app (controllers: cpu pids)'});
	});
});
