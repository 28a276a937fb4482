/** Subsequence match score: lower is better; undefined when `query` is not a subsequence. */
export function fuzzyScore(query: string, text: string): number | undefined {
	const q = query.toLowerCase();
	const t = text.toLowerCase();
	let position = -1;
	let score = 0;
	for (const char of q) {
		const next = t.indexOf(char, position + 1);
		if (next < 0) return undefined;
		score += next - position - 1;
		position = next;
	}
	return score;
}
