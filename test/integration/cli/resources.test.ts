import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

const program = fileURLToPath(new URL('../../fixtures/programs/memory-hog.mjs', import.meta.url));
const MiB = 1024 * 1024;

type Status = {name: string; running: boolean; pid: number | null; rss_bytes: number | null; cpu_pct: number | null};

/** Resident memory of one process as the kernel reports it, read here independently of tutti. */
function vmRss(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
	return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

describe.runIf(process.platform === 'linux')('memory and CPU of each agent\'s process tree', () => {
	const world = makeWorld('resources');
	let repo = '';
	const tt = (...args: string[]) => world.tt(args, {cwd: repo});
	const statuses = async () => {
		const result = await tt('status', '--json');
		expect(result.code, result.stderr).toBe(0);
		return new Map((JSON.parse(result.stdout) as Status[]).map((entry) => [entry.name, entry]));
	};
	let childPid = 0;

	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		const agent = (name: string) => ['[[agent]]', `name = "${name}"`, 'runtime = "custom"', `command = ${JSON.stringify([process.execPath, program])}`, '[agent.screen]', "idle = ['^> ']"];
		writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "res"\n[defaults]\nworktree = false\n${[...agent('hog'), ...agent('resting')].join('\n')}\n`);
		const up = await tt('up', 'hog');
		expect(up.code, up.stderr).toBe(0);
		const ready = await waitFor(async () => /hog ready (\d+)/.exec((await tt('peek', 'hog')).stdout) ?? undefined, {timeoutMs: 30_000, what: 'the hog and its child holding their memory'});
		childPid = Number(ready[1]);
	});
	afterAll(async () => {
		await tt('down');
		world.cleanup();
	});

	it('tt status --json counts the pane\'s process and its child: 64 + 32 MiB held, plus two Node runtimes', async () => {
		const hog = (await statuses()).get('hog');
		expect(hog?.running).toBe(true);
		const rss = hog?.rss_bytes ?? 0;
		// The child's own resident memory is in the total: without it the tree could not exceed 64 MiB + one runtime by this much.
		expect(rss).toBeGreaterThanOrEqual(64 * MiB + vmRss(childPid));
		expect(vmRss(childPid)).toBeGreaterThanOrEqual(32 * MiB);
		// Two idle Node processes cost well under 300 MiB each on top of what they hold.
		expect(rss).toBeLessThan(96 * MiB + 2 * 300 * MiB);
		expect(hog?.cpu_pct).toEqual(expect.any(Number));
		expect(hog?.cpu_pct).toBeGreaterThanOrEqual(0);
	});

	it('an agent that is not running has no figures (null), never a made-up number', async () => {
		expect((await statuses()).get('resting')).toMatchObject({running: false, rss_bytes: null, cpu_pct: null});
	});

	it('the table shows memory and CPU in one column', async () => {
		const result = await tt('status');
		expect(result.stdout).toContain('Mem CPU');
		expect(result.stdout).toMatch(/hog .*\b\d+M \d+(\.\d)?%/);
	});
});
