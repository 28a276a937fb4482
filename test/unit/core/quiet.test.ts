import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {claimQuietWindow} from '../../../src/core/store/quiet.js';
import {Store} from '../../../src/core/store/store.js';
import {makeTempDir} from '../../helpers/sandbox.js';

describe('claimQuietWindow', () => {
	const temp = makeTempDir('tutti-quiet-');
	const file = path.join(temp.dir, 'tutti.db');
	// Two connections: two recorders of one workspace.
	const [a, b] = [new Store(file), new Store(file)];
	afterAll(() => {
		a.close();
		b.close();
		temp.cleanup();
	});

	it('one send per window across recorders; keys are separate; the window ends', () => {
		expect(claimQuietWindow(a, 'dev:needs_input', 60_000, 1_000)).toBe(true);
		expect(claimQuietWindow(b, 'dev:needs_input', 60_000, 30_000)).toBe(false);
		expect(claimQuietWindow(b, 'dev:auth_failed', 60_000, 30_000)).toBe(true);
		expect(claimQuietWindow(b, 'ops:needs_input', 60_000, 30_000)).toBe(true);
		expect(claimQuietWindow(a, 'dev:needs_input', 60_000, 61_000)).toBe(true);
		// A zero window never holds anything back.
		expect(claimQuietWindow(a, 'dev:needs_input', 0, 61_000)).toBe(true);
	});
});
