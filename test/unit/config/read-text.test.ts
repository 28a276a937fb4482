import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {readConfigText} from '../../../src/core/config/read-text.js';
import {makeTempDir} from '../../helpers/sandbox.js';

describe('config files must be UTF-8', () => {
	const temp = makeTempDir();
	afterAll(() => temp.cleanup());
	const write = (name: string, bytes: Buffer) => {
		const file = path.join(temp.dir, name);
		writeFileSync(file, bytes);
		return file;
	};

	it.each([
		['a Latin-1 é in a value', Buffer.concat([Buffer.from('[workspace]\nname = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]), 2, 12, 'e9'],
		['a lone continuation byte', Buffer.concat([Buffer.from('# ok\n\n[x]\nk = "'), Buffer.from([0x80]), Buffer.from('"\n')]), 4, 6, '80'],
		['a truncated sequence after valid UTF-8', Buffer.concat([Buffer.from('a = "é'), Buffer.from([0xe2, 0x82]), Buffer.from('"\n')]), 1, 7, 'e2'],
		['an overlong encoding', Buffer.concat([Buffer.from('a = "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"\n')]), 1, 6, 'c0'],
	])('%s is reported at file:line:column', (_name, bytes, line, column, hex) => {
		const file = write('tutti.toml', bytes);
		expect(() => readConfigText(file)).toThrow(`${file}:${line}:${column}: the byte 0x${hex} is not valid UTF-8`);
	});

	it('tt commands see it as a config syntax error, never a silently replaced character', () => {
		write('tutti.toml', Buffer.concat([Buffer.from('[workspace]\nname = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
		expect(() => loadWorkspaceConfig(temp.dir)).toThrow(expect.objectContaining({code: 'ERR_CONFIG_SYNTAX', category: 'config'}) as Error);
	});

	it('valid UTF-8, BOM and all, reads as before', () => {
		const file = write('ok.toml', Buffer.from('\uFEFFname = "café ✓"\n'));
		expect(readConfigText(file)).toBe('name = "café ✓"\n');
	});
});
