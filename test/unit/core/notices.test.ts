import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {listNotices, openNotice, readNotices, resolveNotice, unreadAgents} from '../../../src/core/store/notices.js';
import {Store} from '../../../src/core/store/store.js';
import {makeTempDir} from '../../helpers/sandbox.js';

/** The unread notices every surface shares, over two connections (a recorder and a UI in another process). */
describe('agent notices in the store', () => {
	const temp = makeTempDir('tutti-notices-');
	const file = path.join(temp.dir, 'tutti.db');
	const [recorder, ui] = [new Store(file), new Store(file)];
	const at = (second: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, second));
	afterAll(() => {
		recorder.close();
		ui.close();
		temp.cleanup();
	});

	it('opens unread, is read by another connection once, and a new notice makes it unread again', () => {
		openNotice(recorder, {agent: 'dev', kind: 'needs_input', text: 'waiting for you — Allow edit?', eventId: 10}, at(1));
		openNotice(recorder, {agent: 'ops', kind: 'auth_failed', text: 'login failed', eventId: 11}, at(2));
		expect([...unreadAgents(ui)].sort()).toEqual(['dev', 'ops']);
		expect(readNotices(ui, ['dev'], 'focus', at(3))).toEqual(['dev']);
		// Read already: a second reader (another tab) reads nothing.
		expect(readNotices(recorder, ['dev'], 'ack', at(4))).toEqual([]);
		expect(listNotices(ui).find((notice) => notice.agent === 'dev')).toMatchObject({unread: false, read_by: 'focus', read_at: at(3).toISOString()});
		openNotice(recorder, {agent: 'dev', kind: 'stalled', text: 'stalled', eventId: 12}, at(5));
		expect(listNotices(ui).find((notice) => notice.agent === 'dev')).toMatchObject({kind: 'stalled', unread: true, read_at: null, event_id: 12});
	});

	it('the same event opened by a second recorder after it was read stays read', () => {
		readNotices(ui, ['ops'], 'ack', at(6));
		openNotice(ui, {agent: 'ops', kind: 'auth_failed', text: 'login failed', eventId: 11}, at(7));
		expect(listNotices(recorder).find((notice) => notice.agent === 'ops')).toMatchObject({unread: false, read_by: 'ack', opened_at: at(2).toISOString()});
	});

	it('resolves when the agent goes on by itself; a read notice stays read, not resolved', () => {
		openNotice(recorder, {agent: 'qa', kind: 'rate_limited', text: 'rate limited', eventId: 20}, at(8));
		expect(resolveNotice(ui, 'qa', at(9))).toBe(true);
		expect(resolveNotice(ui, 'qa', at(10))).toBe(false);
		expect(listNotices(recorder).find((notice) => notice.agent === 'qa')).toMatchObject({unread: false, resolved_at: at(9).toISOString(), read_at: null});
		expect(resolveNotice(ui, 'ops', at(11))).toBe(false);
		expect(listNotices(recorder).find((notice) => notice.agent === 'ops')?.resolved_at).toBeNull();
		// An agent with no notice at all resolves nothing.
		expect(resolveNotice(ui, 'nobody', at(12))).toBe(false);
	});

	it('opened already read when a person was looking at the agent', () => {
		openNotice(recorder, {agent: 'looked', kind: 'needs_input', text: 'waiting for you', eventId: 30, read: 'focus'}, at(13));
		expect(unreadAgents(ui).has('looked')).toBe(false);
	});

	it('reading every agent at once: each is reported by exactly one of two readers', () => {
		for (const [index, agent] of ['a', 'b', 'c'].entries()) openNotice(recorder, {agent, kind: 'needs_input', text: 'waiting', eventId: 40 + index}, at(14));
		const first = readNotices(ui, undefined, 'ack', at(15));
		const second = readNotices(recorder, undefined, 'ack', at(15));
		expect([...first, ...second].sort()).toEqual(['a', 'b', 'c', 'dev'].sort());
		expect(unreadAgents(recorder).size).toBe(0);
	});
});
