import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {checkMergeGate, isMergeGateEnabled} from '../../../src/core/git/index.js';
import {findExecutable} from '../../../src/core/process/which.js';
import {FakeRunner} from '../../helpers/fake-runner.js';
import {makeTempDir} from '../../helpers/sandbox.js';

let temp: {dir: string; cleanup: () => void};
let gh: string;
beforeEach(() => {
	temp = makeTempDir('tutti gh ');
	const bin = path.join(temp.dir, 'bin');
	mkdirSync(bin);
	gh = path.join(bin, 'gh');
	writeFileSync(gh, '#!/bin/sh\nexit 0\n');
	chmodSync(gh, 0o755);
});
afterEach(() => temp.cleanup());

describe('isMergeGateEnabled', () => {
	it('accepts 1/true/yes/on in any case', () => {
		for (const value of ['1', 'true', 'YES', 'On']) expect(isMergeGateEnabled({TT_ENFORCE_MERGE_GATE: value})).toBe(true);
		for (const value of [undefined, '', '0', 'no', 'off']) expect(isMergeGateEnabled({TT_ENFORCE_MERGE_GATE: value})).toBe(false);
	});
});

describe('checkMergeGate', () => {
	// What gh is asked and how its answers block or pass: test/integration/git/merge-gate-gh.test.ts (real gh, mock GitHub).
	it('needs gh on PATH', async () => {
		await expect(checkMergeGate({root: '/repo', branch: 'b', runner: new FakeRunner(), env: {PATH: temp.dir}})).rejects.toMatchObject({code: 'ERR_GH_MISSING'});
	});
});

describe('findExecutable', () => {
	it('finds executables on PATH, skipping non-executable files, directories and empty entries', () => {
		const plain = path.join(temp.dir, 'plain');
		writeFileSync(path.join(temp.dir, 'gh'), 'not executable');
		mkdirSync(plain);
		expect(findExecutable('gh', ['', temp.dir, plain, path.dirname(gh)].join(path.delimiter))).toBe(gh);
		expect(findExecutable('gh', temp.dir)).toBeUndefined();
		expect(findExecutable('nope', path.dirname(gh))).toBeUndefined();
		expect(findExecutable(gh, '')).toBe(gh);
		expect(findExecutable('gh', undefined)).toBe(findExecutable('gh'));
	});
});
