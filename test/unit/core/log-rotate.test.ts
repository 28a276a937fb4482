import {readFileSync, writeFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {rotateLog} from '../../../src/core/agents/log-rotate.js';
import {makeTempDir} from '../../helpers/sandbox.js';

describe('rotateLog', () => {
	it('copies a log over the limit aside, truncates it in place, and keeps a bounded number of old logs', () => {
		const temp = makeTempDir();
		const file = path.join(temp.dir, 'a.log');
		const limits = {maxBytes: 10, keep: 2};
		writeFileSync(file, 'small');
		expect(rotateLog(file, limits)).toBe(false);
		writeFileSync(file, 'first-big-content');
		expect(rotateLog(file, limits)).toBe(true);
		expect(readFileSync(file, 'utf8')).toBe('');
		expect(readFileSync(`${file}.1`, 'utf8')).toBe('first-big-content');
		writeFileSync(file, 'second-big-content');
		rotateLog(file, limits);
		writeFileSync(file, 'third-big-content');
		rotateLog(file, limits);
		expect(readFileSync(`${file}.1`, 'utf8')).toBe('third-big-content');
		expect(readFileSync(`${file}.2`, 'utf8')).toBe('second-big-content');
		expect(existsSync(`${file}.3`)).toBe(false);
		expect(rotateLog(path.join(temp.dir, 'missing.log'), limits)).toBe(false);
		temp.cleanup();
	});
});
