import {describe, expect, it} from 'vitest';
import {paneTarget, resolveSocketName, sanitizeName, sessionName, sessionTarget} from '../../../src/core/tmux/names.js';

describe('tmux names', () => {
	it('builds tt-<workspace>-<agent> with unsafe characters replaced', () => {
		expect(sessionName('my.app', 'planner')).toBe('tt-my_app-planner');
		expect(sessionName('a:b c', 'x;y')).toBe('tt-a_b_c-x_y');
		expect(sanitizeName('')).toBe('_');
	});

	it('targets sessions exactly, never by prefix', () => {
		expect(sessionTarget('tt-w-a')).toBe('=tt-w-a');
		expect(paneTarget('tt-w-a')).toBe('=tt-w-a:');
	});

	it('picks the socket from the environment, then config, then tutti', () => {
		expect(resolveSocketName({TUTTI_TMUX_SOCKET: 'env-sock'}, 'conf')).toBe('env-sock');
		expect(resolveSocketName({}, 'conf')).toBe('conf');
		expect(resolveSocketName({}, undefined)).toBe('tutti');
		expect(() => resolveSocketName({TUTTI_TMUX_SOCKET: 'a/b'}, undefined)).toThrow(/invalid tmux socket name/);
	});
});
