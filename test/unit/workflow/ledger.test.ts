import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import {Ledger} from '../../../src/core/store/ledger.js';
import {withLocks} from '../../../src/core/workflow/locks.js';
import {ownerAlive, processOwner} from '../../../src/core/process/owner.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const temp = makeTempDir('tutti-ledger-');
afterAll(() => temp.cleanup());
const file = path.join(temp.dir, 'tutti.db');

const run = (id: string, owner?: string) => ({run_id: id, workflow: 'w', origin: 'run' as const, strict: false, agent_scope: null, started_at: new Date().toISOString(), total_steps: 2, parent_run_id: null, parent_step: null, root_run_id: id, hook_event: null, hook_agent: null, template: null, inline: owner ?? null});

describe('run ledger', () => {
	it('refuses a second run with the same id and lists runs newest first', () => {
		const store = new Store(file);
		const ledger = Ledger.of(store);
		expect(ledger.createRun(run('1-1'))).toBe(true);
		expect(ledger.createRun(run('1-1'))).toBe(false);
		expect(ledger.createRun(run('2-1'))).toBe(true);
		expect(ledger.runs().map((row) => row.run_id)).toEqual(['2-1', '1-1']);
	});

	it('keeps planned_at on re-entry and counts attempts; effects merge their data', () => {
		const store = new Store(file);
		const ledger = Ledger.of(store);
		const first = ledger.beginStep('1-1', {index: 0, id: 'a', type: 'command', agent: undefined, key: '001-a'}, {run: 'x'});
		const second = ledger.beginStep('1-1', {index: 0, id: 'a', type: 'command', agent: undefined, key: '001-a'}, {run: 'x'});
		expect(second.planned_at).toBe(first.planned_at);
		expect(second.attempt).toBe(2);
		ledger.markEffect('1-1', 0, 'deliver', 'intent', {chars: 3});
		expect(ledger.markEffect('1-1', 0, 'deliver', 'done', {evidence: 'sent'})).toMatchObject({state: 'done', data: {chars: 3, evidence: 'sent'}});
	});

	it('a running run of a live process cannot be claimed; a dead owner’s run can, once', () => {
		const store = new Store(file);
		const ledger = Ledger.of(store);
		expect(ledger.claimRun('2-1', false)).toBe(false);
		store.db.prepare("UPDATE wf_runs SET owner = 'elsewhere:999999', heartbeat_at = '2000-01-01T00:00:00.000Z' WHERE run_id = '2-1'").run();
		expect(ownerAlive('elsewhere:999999', '2000-01-01T00:00:00.000Z')).toBe(false);
		const claimed = ledger.claimRun('2-1', true);
		expect(claimed).toMatchObject({owner: processOwner(), strict: 1, status: 'running'});
		expect(ledger.claimRun('2-1', false)).toBe(false);
	});

	it('claims a schedule tick once across connections', () => {
		const one = Ledger.of(new Store(file));
		const two = Ledger.of(new Store(file));
		expect([one.claimTick('w', '2026-01-01T09:00:00.000Z'), two.claimTick('w', '2026-01-01T09:00:00.000Z')]).toEqual([true, false]);
		expect(two.claimTick('w', '2026-01-01T09:01:00.000Z')).toBe(true);
	});
});

describe('cross-process locks', () => {
	it('serialise holders of the same name and release on error', async () => {
		const store = new Store(file);
		const ledger = Ledger.of(store);
		const order: string[] = [];
		const hold = (label: string, ms: number) =>
			withLocks(ledger, ['agent:a'], 'r', async () => {
				order.push(`${label}+`);
				await new Promise((resolve) => setTimeout(resolve, ms));
				order.push(`${label}-`);
			}, {pollMs: 10});
		await Promise.all([hold('x', 80), hold('y', 10)]);
		expect(order).toEqual(['x+', 'x-', 'y+', 'y-']);
		await expect(withLocks(ledger, ['agent:a', 'land'], 'r', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(store.db.prepare('SELECT COUNT(*) AS n FROM wf_locks').get()).toEqual({n: 0});
	});

	it('take over a lock whose holder died', async () => {
		const store = new Store(file);
		const ledger = Ledger.of(store);
		store.db.prepare("INSERT INTO wf_locks VALUES ('land', 'elsewhere:999999', 't', 'old', '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')").run();
		expect(await withLocks(ledger, ['land'], 'new', async () => 'mine')).toBe('mine');
	});
});
