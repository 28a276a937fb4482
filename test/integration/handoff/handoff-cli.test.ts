import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';
import {demoPrompts} from '../workflow/harness.js';

describe('tt handoff generate | apply | list', () => {
	const world = makeWorld('handoff-cli');
	let repo: string;
	beforeAll(() => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "hcli"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "web-ui"\n');
	});
	afterAll(async () => {
		await world.tt(['down'], {cwd: repo});
		world.cleanup();
	});

	it('generate --json and list --json name the hyphenated agent; apply types the newest packet', async () => {
		const sent = await world.tt(['send', 'web-ui', '--auto-up', '--wait', 'write notes.md from the cli'], {cwd: repo});
		expect(sent.code, sent.stderr).toBe(0);
		const generated = await world.tt(['handoff', 'generate', 'web-ui', '--reason', 'cli test', '--json'], {cwd: repo});
		expect(generated.code, generated.stderr).toBe(0);
		const made = JSON.parse(generated.stdout) as {agent: string; packet: string; reason: string; ctx_pct: number | null};
		expect(made).toMatchObject({agent: 'web-ui', reason: 'cli test'});
		expect(readFileSync(made.packet, 'utf8')).toContain('write notes.md from the cli');
		expect(readFileSync(made.packet, 'utf8')).toMatch(/- `\?\?` notes\.md/);

		const listed = await world.tt(['handoff', 'list', '--json'], {cwd: repo});
		expect(listed.code, listed.stderr).toBe(0);
		expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({agent: 'web-ui', path: made.packet, kind: 'handoff'})]);
		const table = await world.tt(['handoff', 'list'], {cwd: repo});
		expect(table.stdout.split('\n')[0]).toMatch(/^Agent\s+Packet\s+Modified$/);

		const applied = await world.tt(['handoff', 'apply', 'web-ui'], {cwd: repo});
		expect(applied.code, applied.stderr).toBe(0);
		expect(applied.stdout).toContain(`applied ${made.packet} to web-ui`);
		await waitFor(() => demoPrompts(repo).some((prompt) => prompt.includes(`Packet: ${made.packet}`)), {what: 'the packet as a user turn', timeoutMs: 30_000});
	});

	it('bad input gets a clear error and a hint', async () => {
		const missing = await world.tt(['handoff', 'apply', 'web-ui', '--packet', 'nowhere.md'], {cwd: repo});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/error\[usage\]: no handoff packet at .*nowhere\.md/);
		expect(missing.stderr).toContain('hint: List the packets: tt handoff list --agent web-ui');
		const limit = await world.tt(['handoff', 'list', '--limit', '0'], {cwd: repo});
		expect(limit.code).toBe(2);
		expect(limit.stderr).toContain('--limit must be a whole number from 1 to 100000.');
		await world.tt(['down', 'web-ui'], {cwd: repo});
		const stopped = await world.tt(['handoff', 'apply', 'web-ui'], {cwd: repo});
		expect(stopped.code).toBe(1);
		expect(stopped.stderr).toContain('error[agent]: agent "web-ui" is not running, so it cannot take a handoff packet');
		expect(stopped.stderr).toContain('hint: Start it first: tt up web-ui');
		expect(existsSync(path.join(repo, '.tutti', 'handoffs'))).toBe(true);
	});
});
