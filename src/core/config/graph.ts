/** Finds dependency cycles; each is reported once, as a path that ends where it starts. */
export function findCycles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
	const known = new Set(nodes);
	const state = new Map<string, 'visiting' | 'done'>();
	const stack: string[] = [];
	const cycles: string[][] = [];
	const visit = (node: string): void => {
		state.set(node, 'visiting');
		stack.push(node);
		for (const next of edges(node)) {
			if (!known.has(next)) continue;
			const mark = state.get(next);
			if (mark === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
			else if (mark === undefined) visit(next);
		}
		stack.pop();
		state.set(node, 'done');
	};
	for (const node of nodes) if (!state.has(node)) visit(node);
	return cycles;
}

/**
 * Topological order that keeps declaration order wherever dependencies allow (Kahn, always
 * taking the earliest ready node). Nodes caught in a cycle come last, in declaration order.
 */
export function stableTopologicalOrder(count: number, dependencies: (index: number) => readonly number[]): number[] {
	const placed = new Set<number>();
	const order: number[] = [];
	while (order.length < count) {
		let next = -1;
		for (let index = 0; index < count; index++) {
			if (placed.has(index)) continue;
			if (dependencies(index).every((dependency) => placed.has(dependency) || dependency === index || dependency < 0)) {
				next = index;
				break;
			}
		}
		if (next === -1) next = [...Array(count).keys()].find((index) => !placed.has(index))!;
		placed.add(next);
		order.push(next);
	}
	return order;
}
