import {describe, expect, it} from 'vitest';
import {parseProbe} from '../../../../src/core/hosts/probe.js';

describe('parseProbe: one look at a host, read from its output', () => {
	it('reads load, memory, versions and the root folder', () => {
		const probe = parseProbe(['load 0.42', 'MemTotal:       16303428 kB', 'MemAvailable:    9001234 kB', 'tmux tmux 3.3a', 'git git version 2.39.5', 'tutti 0.1.0', 'root no yes /home/dev with space', ''].join('\n'));
		expect(probe).toEqual({load1m: 0.42, memory: {available_bytes: 9_001_234 * 1024, total_bytes: 16_303_428 * 1024}, tmux: 'tmux 3.3a', git: 'git version 2.39.5', tutti: '0.1.0', root: {exists: false, writable: true, path: '/home/dev with space'}});
	});

	it('says null for what the host does not have (no /proc, no tmux, no tutti)', () => {
		expect(parseProbe('load \ntmux \ngit \ntutti \nroot yes no /srv/tutti\n')).toEqual({load1m: null, memory: null, tmux: null, git: null, tutti: null, root: {exists: true, writable: false, path: '/srv/tutti'}});
		expect(parseProbe('')).toEqual({load1m: null, memory: null, tmux: null, git: null, tutti: null, root: null});
	});
});

