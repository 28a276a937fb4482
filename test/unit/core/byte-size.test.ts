import {describe, expect, it} from 'vitest';
import {parseByteSize} from '../../../src/core/byte-size.js';

describe('parseByteSize (memory_max)', () => {
	it.each([
		['512M', 512 * 1024 ** 2],
		['4G', 4 * 1024 ** 3],
		['1.5G', 1.5 * 1024 ** 3],
		['2GiB', 2 * 1024 ** 3],
		['800mb', 800 * 1024 ** 2],
		[' 64k ', 64 * 1024],
		['1T', 1024 ** 4],
	])('%s is %d bytes', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

	it.each(['4', '', 'G', '-1G', '0M', '4 GB extra', '1e3M', '4X', '١٢G', '4G\n; rm -rf ~', '\u001b[31m4G'])('refuses %j', (text) => expect(parseByteSize(text)).toBeUndefined());
});
