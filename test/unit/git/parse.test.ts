import {describe, expect, it} from 'vitest';
import {describeStatus, parseCherry, parseNumstatZ, parseStatusZ, parseWorktreeList, unquoteC} from '../../../src/core/git/index.js';

describe('git output parsers', () => {
	it('parses status -z including renames and names with quotes and spaces', () => {
		const output = ` M src/a.ts\0?? it's "quoted".txt\0R  new name.ts\0old name.ts\0A  b.ts\0`;
		expect(parseStatusZ(output)).toEqual([
			{code: ' M', path: 'src/a.ts'},
			{code: '??', path: `it's "quoted".txt`},
			{code: 'R ', path: 'new name.ts', from: 'old name.ts'},
			{code: 'A ', path: 'b.ts'},
		]);
		expect(describeStatus(parseStatusZ(output), 2)).toBe(`M src/a.ts, ?? it's "quoted".txt, …`);
	});

	it('parses numstat -z with renames and binary files', () => {
		expect(parseNumstatZ('3\t1\ta.ts\0-\t-\timg.png\0' + '2\t0\t\0old.ts\0new.ts\0')).toEqual([
			{path: 'a.ts', insertions: 3, deletions: 1},
			{path: 'img.png', insertions: 0, deletions: 0, binary: true},
			{path: 'new.ts', insertions: 2, deletions: 0},
		]);
	});

	it('parses git cherry', () => {
		expect(parseCherry(`+ ${'a'.repeat(40)}\n- ${'b'.repeat(40)}\n`)).toEqual([
			{sign: '+', hash: 'a'.repeat(40)},
			{sign: '-', hash: 'b'.repeat(40)},
		]);
	});

	it('parses worktree list --porcelain, unquoting C-quoted paths', () => {
		const output = [
			'worktree /repo',
			'HEAD 1111111111111111111111111111111111111111',
			'branch refs/heads/main',
			'',
			'worktree "/repo/.tutti/worktrees/it\'s \\"x\\" \\303\\251"',
			'HEAD 2222222222222222222222222222222222222222',
			'detached',
			'prunable gitdir file points to non-existent location',
			'',
		].join('\n');
		expect(parseWorktreeList(output)).toEqual([
			{path: '/repo', head: '1'.repeat(40), branch: 'main', bare: false, detached: false, locked: false, prunable: false},
			{path: `/repo/.tutti/worktrees/it's "x" é`, head: '2'.repeat(40), branch: undefined, bare: false, detached: true, locked: false, prunable: true},
		]);
	});

	it('leaves unquoted text alone', () => {
		expect(unquoteC('plain path')).toBe('plain path');
		expect(unquoteC('"tab\\there"')).toBe('tab\there');
	});
});
