import type {CardMode} from '../../components/AgentCard.js';

export type StageGroup = {stage: string; keys: readonly string[]};

/** A card's place in the body (0-based cells; y already scrolled). */
export type Placed = {key: string; x: number; y: number; w: number; h: number};
export type PlacedHeader = {stage: string; x: number; y: number; w: number; count: number; index: number};

export type FloorLayout = {
	mode: 'columns' | 'grid';
	card: CardMode;
	cards: readonly Placed[];
	headers: readonly PlacedHeader[];
	/** Cards above and below the visible window (grid mode scrolls to keep the selection in view). */
	hiddenAbove: number;
	hiddenBelow: number;
	/** Every key in reading order (stage by stage). */
	order: readonly string[];
	width: number;
	height: number;
};

export const cardHeight: Record<CardMode, number> = {full: 6, compact: 2, row: 1};
const minCardWidth: Record<CardMode, number> = {full: 26, compact: 34, row: 40};
const preferredCardWidth: Record<CardMode, number> = {full: 36, compact: 44, row: 80};
const gap = 1;

function columnsLayout(groups: readonly StageGroup[], width: number, height: number, order: string[]): FloorLayout | undefined {
	const count = groups.length;
	if (count < 2) return undefined;
	const columnWidth = Math.floor((width - (count - 1) * gap) / count);
	const tallest = Math.max(...groups.map((group) => group.keys.length));
	for (const card of ['full', 'compact'] as const) {
		if (columnWidth < minCardWidth[card] || 1 + tallest * cardHeight[card] > height) continue;
		const cards: Placed[] = [];
		const headers: PlacedHeader[] = [];
		groups.forEach((group, index) => {
			const x = index * (columnWidth + gap);
			headers.push({stage: group.stage, x, y: 0, w: columnWidth, count: group.keys.length, index});
			group.keys.forEach((key, row) => cards.push({key, x, y: 1 + row * cardHeight[card], w: columnWidth, h: cardHeight[card]}));
		});
		return {mode: 'columns', card, cards, headers, hiddenAbove: 0, hiddenBelow: 0, order, width, height};
	}
	return undefined;
}

type Block = {kind: 'header'; stage: string; count: number; index: number; y: number; h: 1} | {kind: 'row'; keys: readonly string[]; y: number; h: number};

/** Cards per grid row: as many as fit at the preferred width (two rows side by side on wide screens). */
function gridColumns(card: CardMode, width: number): number {
	if (card === 'row') return width >= 160 ? 2 : 1;
	return Math.max(1, Math.floor((width + gap) / (preferredCardWidth[card] + gap)));
}

function gridBlocks(groups: readonly StageGroup[], columns: number, card: CardMode): {blocks: Block[]; total: number} {
	const blocks: Block[] = [];
	let y = 0;
	groups.forEach((group, index) => {
		blocks.push({kind: 'header', stage: group.stage, count: group.keys.length, index, y, h: 1});
		y += 1;
		for (let start = 0; start < group.keys.length; start += columns) {
			blocks.push({kind: 'row', keys: group.keys.slice(start, start + columns), y, h: cardHeight[card]});
			y += cardHeight[card];
		}
	});
	return {blocks, total: y};
}

/**
 * Where every card goes: stages side by side when they fit (a factory floor read left to right),
 * else stage sections one under the other with a grid of cards; cards shrink from full to compact
 * to one row each as the floor fills, and the grid scrolls to keep the selection in view.
 */
export function computeFloorLayout(groups: readonly StageGroup[], width: number, height: number, selected: string | undefined): FloorLayout {
	const order = groups.flatMap((group) => group.keys);
	const safeWidth = Math.max(20, width);
	const safeHeight = Math.max(1, height);
	const columns = columnsLayout(groups, safeWidth, safeHeight, order);
	if (columns) return columns;
	let chosen: {card: CardMode; columns: number; blocks: Block[]; total: number} | undefined;
	for (const card of ['full', 'compact', 'row'] as const) {
		const perRow = gridColumns(card, safeWidth);
		const {blocks, total} = gridBlocks(groups, perRow, card);
		chosen = {card, columns: perRow, blocks, total};
		if (total <= safeHeight) break;
	}
	const {card, columns: perRow, blocks, total} = chosen ?? {card: 'row' as const, columns: 1, blocks: [], total: 0};
	const cardWidth = Math.floor((safeWidth - (perRow - 1) * gap) / perRow);
	// Scroll: centre the selected row when everything does not fit (one line is kept for "more").
	const room = total > safeHeight ? safeHeight - 1 : safeHeight;
	let offset = 0;
	if (total > safeHeight) {
		const row = blocks.find((block) => block.kind === 'row' && selected !== undefined && block.keys.includes(selected));
		const target = row ? row.y - Math.floor((room - row.h) / 2) : 0;
		offset = Math.max(0, Math.min(target, total - room));
		// Keep the stage header of the first visible row when it sits just above.
		const header = blocks.find((block) => block.kind === 'header' && block.y === offset - 1);
		if (header && row && row.y + row.h <= offset - 1 + room) offset -= 1;
	}
	const cards: Placed[] = [];
	const headers: PlacedHeader[] = [];
	let hiddenAbove = 0;
	let hiddenBelow = 0;
	for (const block of blocks) {
		const visible = block.y >= offset && block.y + block.h <= offset + room;
		if (block.kind === 'header') {
			if (visible) headers.push({stage: block.stage, x: 0, y: block.y - offset, w: safeWidth, count: block.count, index: block.index});
			continue;
		}
		if (!visible) {
			if (block.y < offset) hiddenAbove += block.keys.length;
			else hiddenBelow += block.keys.length;
			continue;
		}
		block.keys.forEach((key, index) => cards.push({key, x: index * (cardWidth + gap), y: block.y - offset, w: cardWidth, h: block.h}));
	}
	return {mode: 'grid', card, cards, headers, hiddenAbove, hiddenBelow, order, width: safeWidth, height: safeHeight};
}

/** The card under a point of the body, if any. */
export function cardAt(layout: FloorLayout, x: number, y: number): string | undefined {
	return layout.cards.find((card) => x >= card.x && x < card.x + card.w && y >= card.y && y < card.y + card.h)?.key;
}

/**
 * The nearest card in a direction from the selected one (by position on screen, so it works the
 * same in columns and in grids). Falls back to reading order at the edges.
 */
export function neighbour(layout: FloorLayout, selected: string | undefined, direction: 'up' | 'down' | 'left' | 'right'): string | undefined {
	const {order} = layout;
	if (order.length === 0) return undefined;
	const index = selected === undefined ? -1 : order.indexOf(selected);
	if (index < 0) return order[0];
	const from = layout.cards.find((card) => card.key === selected);
	const step = direction === 'down' || direction === 'right' ? 1 : -1;
	if (!from) return order[Math.min(order.length - 1, Math.max(0, index + step))];
	const cx = from.x + from.w / 2;
	const cy = from.y + from.h / 2;
	let best: {key: string; score: number} | undefined;
	for (const card of layout.cards) {
		if (card.key === selected) continue;
		const dx = card.x + card.w / 2 - cx;
		const dy = card.y + card.h / 2 - cy;
		const along = direction === 'up' ? -dy : direction === 'down' ? dy : direction === 'left' ? -dx : dx;
		const across = direction === 'up' || direction === 'down' ? Math.abs(dx) : Math.abs(dy);
		if (along <= 0) continue;
		const score = along + across * 2;
		if (!best || score < best.score) best = {key: card.key, score};
	}
	if (best) return best.key;
	// Off the visible window (or an edge): move through reading order so scrolling follows.
	return order[Math.min(order.length - 1, Math.max(0, index + step))];
}
