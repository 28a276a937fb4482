/**
 * "Did you mean" suggestions: optimal-string-alignment (Damerau-Levenshtein) distance, so a
 * swapped pair of letters (`runitme`) counts as one edit.
 */
export function editDistance(a: string, b: string): number {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d: number[][] = Array.from({length: rows}, (_, i) => Array.from({length: cols}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			const row = d[i]!;
			const previous = d[i - 1]!;
			let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
			row[j] = best;
		}
	}
	return d[a.length]![b.length]!;
}

/**
 * The closest candidate to `word`, or undefined when nothing is close enough. Case is ignored;
 * the threshold grows with the word's length (none below 3 letters, then 1 edit, up to a third of it).
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
	const lower = word.toLowerCase();
	// One- and two-letter words are too short for a guess to mean anything.
	const limit = lower.length <= 2 ? 0 : Math.max(1, Math.floor(lower.length / 3));
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		if (candidate === word) continue;
		const distance = editDistance(lower, candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
	const match = suggest(word, candidates);
	return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
