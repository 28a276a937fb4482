import {describe, expect, it} from 'vitest';
import {readableLog} from '../../../src/core/agents/raw-log.js';

describe('readableLog', () => {
	it('drops colours, titles and OSC state sequences', () => {
		const raw = '\u001B]0;✳ demo: idle\u0007\u001B]7501;state=idle:app=demo\u0007\u001B[32mhello\u001B[0m world\r\n';
		expect(readableLog(raw)).toEqual(['hello world', '']);
	});

	it('keeps the last text written over a carriage return', () => {
		expect(readableLog('⠋ Working\r⠙ Working\r✓ Done   \n')).toEqual(['✓ Done', '']);
	});
});
