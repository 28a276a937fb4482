import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {processOwner} from '../../../src/core/process/owner.js';
import {announce, present} from '../../../src/core/store/presence.js';
import {Store} from '../../../src/core/store/store.js';

describe('presence of long-lived roles', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
	});
	const open = () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'tt-presence-'));
		dirs.push(dir);
		return new Store(path.join(dir, 'tutti.db'));
	};

	it('lists live processes in a role until they leave; dead, stale and other roles are not present', () => {
		const store = open();
		const now = new Date().toISOString();
		const insert = store.db.prepare('INSERT INTO leases (name, owner, token, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)');
		insert.run(`recorder@${os.hostname()}:999999999`, `${os.hostname()}:999999999`, 't', now, now); // pid gone
		insert.run('recorder@elsewhere:12', 'elsewhere:12', 't', now, new Date(Date.now() - 120_000).toISOString()); // stale heartbeat
		insert.run('recorderX', processOwner(), 't', now, now); // not this role's row
		insert.run('land', processOwner(), 't', now, now); // a lease, not a presence
		expect(present(store, 'recorder')).toEqual([]);
		const leave = announce(store, 'recorder');
		const again = announce(store, 'recorder'); // twice in one process: one row, the later token
		expect(present(store, 'recorder').map((entry) => entry.owner)).toEqual([processOwner()]);
		insert.run('recorder@elsewhere:13', 'elsewhere:13', 't', now, now);
		expect(present(store, 'recorder')).toHaveLength(2);
		again();
		leave();
		expect(present(store, 'recorder').map((entry) => entry.owner)).toEqual(['elsewhere:13']);
		store.close();
	});
});
