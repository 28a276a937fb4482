import {readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeWorld, repoRoot} from '../../helpers/tt.js';

describe('tt detect --from-file', () => {
	const world = makeWorld('detect');
	afterAll(() => world.cleanup());
	const fixtures = path.join(repoRoot, 'test', 'fixtures', 'screens', 'demo');

	it('classifies recorded demo screens (plain and with escapes) as their names say', async () => {
		const files = readdirSync(fixtures).filter((name) => name.endsWith('.txt'));
		expect(files.length).toBeGreaterThan(3);
		for (const name of files) {
			const expected = name.split('--')[0];
			const result = await world.tt(['detect', '--runtime', 'demo', '--from-file', path.join(fixtures, name), '--cols', '120', '--rows', '40', '--json']);
			expect(result.code, result.stderr).toBe(0);
			const verdict = JSON.parse(result.stdout) as {state: string; rule: string | null; source: string};
			expect(verdict.state, `${name}: ${result.stdout}`).toBe(expected);
		}
	});

	it('raw output with ANSI escapes is rendered like a terminal first', async () => {
		const file = path.join(world.dir, 'raw.txt');
		writeFileSync(file, '\u001B]0;✋ demo: needs input\u0007\u001B[2J\u001B[H\u001B[1mPermission required\u001B[0m\r\nDo you want to proceed?\r\n❯ 1. Yes\r\n  2. No\r\n');
		const result = await world.tt(['detect', '--runtime', 'demo', '--from-file', file, '--json']);
		expect(JSON.parse(result.stdout)).toMatchObject({state: 'needs_input'});
	});

	it('an empty or binary file is a clear error', async () => {
		const empty = path.join(world.dir, 'empty.txt');
		writeFileSync(empty, '');
		const binary = path.join(world.dir, 'binary.bin');
		writeFileSync(binary, Buffer.from([0, 1, 2, 0, 255, 0]));
		const a = await world.tt(['detect', '--runtime', 'demo', '--from-file', empty]);
		expect(a.code).toBe(2);
		expect(a.stderr).toMatch(/is empty/);
		const b = await world.tt(['detect', '--runtime', 'demo', '--from-file', binary]);
		expect(b.code).toBe(2);
		expect(b.stderr).toMatch(/binary/);
		const c = await world.tt(['detect', '--runtime', 'nope', '--from-file', empty]);
		expect(c.stderr).toMatch(/unknown runtime "nope"/);
		const d = await world.tt(['detect', '--from-file', empty]);
		expect(d.stderr).toMatch(/--from-file needs --runtime/);
	});
});
