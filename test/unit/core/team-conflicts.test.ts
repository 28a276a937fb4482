import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {ConflictReport} from '../../../src/core/git/conflicts.js';
import {latestConflictReport, recordConflictReport} from '../../../src/core/store/team-conflicts.js';
import {Store} from '../../../src/core/store/store.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const report = (pairs: ConflictReport['pairs'], target: string[] = []): ConflictReport => ({
	target: {branch: 'main', commit: 'c0'},
	agents: [{agent: 'a', branch: 'tutti/a', commit: 'c1', changed: ['x'], conflicts_with_target: target}],
	pairs,
});

describe('announced collisions', () => {
	const temp = makeTempDir();
	const store = new Store(path.join(temp.dir, 'tutti.db'));
	afterAll(() => {
		store.close();
		temp.cleanup();
	});

	it('are new once, forgotten when they go away, and new again when they come back', () => {
		const both = report([{agents: ['a', 'b'], overlapping: ['x', 'package.json'], conflicts: ['x'], manifests: ['package.json']}], ['y']);
		expect(recordConflictReport(store, both)).toEqual([
			{kind: 'target', agents: ['a'], files: ['y']},
			{kind: 'conflict', agents: ['a', 'b'], files: ['x']},
			{kind: 'manifest', agents: ['a', 'b'], files: ['package.json']},
		]);
		expect(recordConflictReport(store, both)).toEqual([]);
		expect(recordConflictReport(store, report([]))).toEqual([]);
		expect(latestConflictReport(store)?.report.pairs).toEqual([]);
		expect(recordConflictReport(store, both)).toHaveLength(3);
	});
});
