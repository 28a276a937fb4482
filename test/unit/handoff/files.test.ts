import {mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {newPacketFile, packetStamp} from '../../../src/core/handoff/files.js';
import {listHandoffs, parsePacketName, resolvePacket} from '../../../src/core/handoff/index.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

const toml = `
[workspace]
name = "packets"
[defaults]
runtime = "demo"
[[agent]]
name = "api"
[[agent]]
name = "api-v2"
[[agent]]
name = "a-handoff-b"
`;

describe('packet names', () => {
	it('keep hyphenated agent names whole (the reference cuts at the first "-")', () => {
		expect(parsePacketName('api-v2-handoff-20250131-142501.md')).toMatchObject({agent: 'api-v2', kind: 'handoff', sequence: 0});
		expect(parsePacketName('a-handoff-b-handoff-20250131-142501.md')).toMatchObject({agent: 'a-handoff-b', kind: 'handoff'});
		expect(parsePacketName('my-agent-emergency-20250131-142501-2.md')).toMatchObject({agent: 'my-agent', kind: 'emergency', sequence: 2});
		expect(parsePacketName('api-handoff-20250131-142501.md')?.generated).toEqual(new Date(2025, 0, 31, 14, 25, 1));
	});

	it('refuse what is not a packet', () => {
		for (const name of ['notes.md', 'api-handoff-2025-142501.md', 'api-handoff-20250131-142501.md.tmp.1.2.x', '-handoff-20250131-142501.md', 'api-review-20250131-142501.md']) {
			expect(parsePacketName(name), name).toBeUndefined();
		}
	});

	it('a second packet in the same second gets its own name', () => {
		const core = makeCoreWorld('names');
		try {
			const dir = path.join(core.world.dir, 'handoffs');
			mkdirSync(dir);
			const now = new Date(2025, 5, 1, 9, 8, 7);
			const first = newPacketFile(dir, 'api', 'handoff', now);
			expect(path.basename(first)).toBe(`api-handoff-${packetStamp(now)}.md`);
			expect(packetStamp(now)).toBe('20250601-090807');
			writeFileSync(first, 'x');
			expect(path.basename(newPacketFile(dir, 'api', 'handoff', now))).toBe('api-handoff-20250601-090807-1.md');
		} finally {
			core.cleanup();
		}
	});
});

describe('listHandoffs', () => {
	const core = makeCoreWorld('list');
	const ctx = core.workspace('project', toml);
	const dir = ctx.paths.handoffs;
	const put = (name: string, mtime = new Date()) => {
		writeFileSync(path.join(dir, name), `# ${name}\n`);
		utimesSync(path.join(dir, name), mtime, mtime);
	};
	mkdirSync(dir, {recursive: true});
	afterAll(() => core.cleanup());

	it('orders by generation time, newest first — not by name, where -handoff- sorts after -emergency-', () => {
		put('api-handoff-20250101-100000.md', new Date(2025, 0, 1, 10));
		put('api-emergency-20250102-100000.md', new Date(2025, 0, 2, 10));
		put('api-handoff-20250102-100000-1.md', new Date(2025, 0, 2, 10));
		put('api-v2-handoff-20250103-090000.md', new Date(2025, 0, 3, 9));
		put('a-handoff-b-emergency-20241231-235959.md', new Date(2024, 11, 31, 23, 59, 59));
		put('README.md');
		put('api-handoff-20250105-100000.md.tmp.123.456.abc');
		const all = listHandoffs(ctx, {limit: 100});
		expect(all.map((row) => row.file)).toEqual([
			'api-v2-handoff-20250103-090000.md',
			'api-handoff-20250102-100000-1.md',
			'api-emergency-20250102-100000.md',
			'api-handoff-20250101-100000.md',
			'a-handoff-b-emergency-20241231-235959.md',
		]);
		expect(all.map((row) => row.agent)).toEqual(['api-v2', 'api', 'api', 'api', 'a-handoff-b']);
		expect(all[2]).toMatchObject({kind: 'emergency', path: path.join(dir, 'api-emergency-20250102-100000.md'), generated_at: new Date(2025, 0, 2, 10).toISOString()});
	});

	it('filters by exact agent name and honours the limit', () => {
		expect(listHandoffs(ctx, {agent: 'api', limit: 100}).map((row) => row.agent)).toEqual(['api', 'api', 'api']);
		expect(listHandoffs(ctx, {agent: 'api-v2'}).map((row) => row.file)).toEqual(['api-v2-handoff-20250103-090000.md']);
		expect(listHandoffs(ctx, {limit: 2})).toHaveLength(2);
		expect(listHandoffs(ctx, {agent: 'nobody'})).toEqual([]);
	});

	it('apply picks the newest packet of that agent, and refuses paths outside the folder when asked to', () => {
		expect(resolvePacket(ctx, 'api', undefined)).toBe(path.join(dir, 'api-handoff-20250102-100000-1.md'));
		expect(() => resolvePacket(ctx, 'nobody', undefined)).toThrow(/no handoff packet for "nobody"/);
		expect(resolvePacket(ctx, 'api', 'api-handoff-20250101-100000.md', {withinHandoffs: true})).toBe(path.join(dir, 'api-handoff-20250101-100000.md'));
		expect(() => resolvePacket(ctx, 'api', '../tutti.toml', {withinHandoffs: true})).toThrow(/file name in/);
		expect(() => resolvePacket(ctx, 'api', path.join(dir, 'missing.md'))).toThrow(/no handoff packet at/);
	});
});
