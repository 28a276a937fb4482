import {describe, expect, it} from 'vitest';
import {isLive, newClaim, parseClaimComment, released, renderClaimComment, renewed, winner} from '../../../src/core/claims/record.js';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (secs: number) => new Date(now.getTime() - secs * 1000);

describe('claim records', () => {
	it('round-trips through a comment body, whatever the run id or reason holds', () => {
		for (const text of ['plain', 'with --> inside', '<!-- nested --> and `ticks`', 'line\nbreak', '}"]\\u002d->']) {
			const record = released(renewed(newClaim(text, 60, ago(30)), ago(10)), text, now);
			const body = renderClaimComment(record);
			// The hidden record ends at the first `-->`: nothing from the record can end it early.
			expect(body.indexOf('-->')).toBe(body.indexOf(' -->\n') + 1);
			expect(parseClaimComment(body)).toEqual(record);
		}
	});

	it('expires TTL seconds after the last heartbeat', () => {
		expect(isLive(newClaim('r', 60, ago(59)), now)).toBe(true);
		expect(isLive(newClaim('r', 60, ago(60)), now)).toBe(false);
		expect(isLive(renewed(newClaim('r', 60, ago(120)), ago(30)), now)).toBe(true);
		expect(isLive(released(newClaim('r', 60, ago(1)), 'done', now), now)).toBe(false);
	});

	it('keeps the newest 20 events', () => {
		let record = newClaim('r', 60, ago(100));
		for (let index = 0; index < 30; index++) record = renewed(record, ago(99 - index));
		expect(record.events).toHaveLength(20);
		expect(record.events.at(-1)?.timestamp).toBe(ago(70).toISOString());
	});

	it('the winner is the live claim with the lowest id, whatever the clocks said', () => {
		const late = {id: 5, record: newClaim('a', 60, ago(1))};
		const early = {id: 9, record: newClaim('b', 60, ago(50))};
		const dead = {id: 2, record: newClaim('c', 60, ago(600))};
		const gone = {id: 1, record: released(newClaim('d', 60, ago(1)), 'x', now)};
		expect(winner([early, late, dead, gone], now)?.id).toBe(5);
		expect(winner([dead, gone], now)).toBeUndefined();
	});

	const hostile: Array<[string, string]> = [
		['not a claim', 'just a comment'],
		['marker later in the body', 'hello <!-- tutti-issue-claim {"schema_version":1} -->'],
		['broken JSON', '<!-- tutti-issue-claim {"schema_version":1, -->'],
		['wrong schema version', `<!-- tutti-issue-claim ${JSON.stringify({...newClaim('r', 60, now), schema_version: 2})} -->`],
		['unknown status', `<!-- tutti-issue-claim ${JSON.stringify({...newClaim('r', 60, now), status: 'won'})} -->`],
		['TTL not a number', `<!-- tutti-issue-claim ${JSON.stringify({...newClaim('r', 60, now), lease_ttl_secs: '60'})} -->`],
		['heartbeat not a time', `<!-- tutti-issue-claim ${JSON.stringify({...newClaim('r', 60, now), last_heartbeat_at: 'soon'})} -->`],
		['array instead of object', '<!-- tutti-issue-claim [1,2] -->'],
	];
	for (const [name, body] of hostile) {
		it(`ignores a comment that is not a well-formed claim: ${name}`, () => {
			expect(parseClaimComment(body)).toBeUndefined();
		});
	}
});
