import {describe, expect, it} from 'vitest';
import {tmuxIsRecentEnough} from '../../../src/core/tmux/version.js';

describe('tmux version', () => {
	it.each<[string | null | undefined, boolean]>([
		['tmux 3.3a', true],
		['tmux 3.0', true],
		['tmux next-3.5', true],
		['tmux 2.9a', false],
		['tmux master', false],
		['', false],
		[null, false],
		[undefined, false],
	])('%s → %s', (text, ok) => {
		expect(tmuxIsRecentEnough(text)).toBe(ok);
	});
});
