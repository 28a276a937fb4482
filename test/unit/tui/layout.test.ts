import {describe, expect, it} from 'vitest';
import {cardAt, computeFloorLayout, neighbour} from '../../../src/tui/screens/floor/layout.js';

const team = (count: number, stages = 1) => Array.from({length: stages}, (_, stage) => ({stage: `s${stage}`, keys: Array.from({length: count}, (_, index) => `w/s${stage}-${index}`)}));

describe('computeFloorLayout', () => {
	it('puts stages side by side as columns when they fit', () => {
		const layout = computeFloorLayout(team(1, 3), 80, 17, undefined);
		expect(layout.mode).toBe('columns');
		expect(layout.card).toBe('full');
		expect(layout.cards.map((card) => card.x)).toEqual([0, 27, 54]);
		expect(layout.headers.map((header) => header.stage)).toEqual(['s0', 's1', 's2']);
	});

	it('densifies cards as the floor fills, then scrolls to keep the selection in view', () => {
		const big = team(50, 1);
		const layout = computeFloorLayout(big, 80, 17, 'w/s0-40');
		expect(layout.mode).toBe('grid');
		expect(layout.card).toBe('row');
		expect(layout.cards.some((card) => card.key === 'w/s0-40')).toBe(true);
		expect(layout.hiddenAbove + layout.hiddenBelow + layout.cards.length).toBe(50);
		expect(Math.max(...layout.cards.map((card) => card.y + card.h))).toBeLessThanOrEqual(16);
		const roomy = computeFloorLayout(team(4, 4), 200, 42, undefined);
		expect(roomy.card).toBe('full');
	});

	it('moves by position and hits cards by point', () => {
		const layout = computeFloorLayout(team(2, 3), 120, 30, undefined);
		expect(neighbour(layout, 'w/s0-0', 'right')).toBe('w/s1-0');
		expect(neighbour(layout, 'w/s0-0', 'down')).toBe('w/s0-1');
		expect(neighbour(layout, 'w/s0-1', 'up')).toBe('w/s0-0');
		const card = layout.cards.find((candidate) => candidate.key === 'w/s2-1');
		expect(card && cardAt(layout, card.x + 1, card.y + 1)).toBe('w/s2-1');
		expect(cardAt(layout, 0, 0)).toBeUndefined();
	});

	it('handles an empty floor', () => {
		const layout = computeFloorLayout([], 80, 17, undefined);
		expect(layout.order).toEqual([]);
		expect(neighbour(layout, undefined, 'down')).toBeUndefined();
	});
});
