import {existsSync} from 'node:fs';
import path from 'node:path';
import {listTemplates, type Template} from './templates.js';

export type TemplateCandidate = {name: string; score: number; /** The detect files found. */ matched: string[]};

export type TemplateDetection = {
	/** The template to use. */
	chosen: string;
	/** Every template that matched, best first. */
	candidates: TemplateCandidate[];
	/** One line for the user: why `chosen`. */
	reason: string;
};

/** The template used when detection finds nothing, or cannot decide. */
export const fallbackTemplate = 'minimal';

/**
 * Scores a template against a directory (reference §11.6): +1 per existing `detect` path, +1 per
 * existing `detect_all` path. It matches when (`detect` is empty or one of its paths exists) and
 * every `detect_all` path exists and the score is above 0 — so templates without detection lists
 * (minimal, demo) never match.
 */
export function scoreTemplate(template: Pick<Template, 'name' | 'detect' | 'detectAll'>, dir: string): TemplateCandidate | undefined {
	const exists = (file: string) => existsSync(path.join(dir, file));
	const anyHits = template.detect.filter(exists);
	const allHits = template.detectAll.filter(exists);
	const score = anyHits.length + allHits.length;
	const matches = (template.detect.length === 0 || anyHits.length > 0) && allHits.length === template.detectAll.length && score > 0;
	return matches ? {name: template.name, score, matched: [...new Set([...anyHits, ...allHits])]} : undefined;
}

/**
 * Picks the template for `tt init` in `dir`. One match: it. Several: the one with the highest
 * score when that score is unique — on purpose unlike the reference, which falls back to
 * `minimal` whenever two templates match, so a Rust binary crate (Cargo.toml + src/main.rs:
 * rust-cli 2, gstack-startup 1) gets `rust-cli` instead of `minimal`. A tie, or no match: `minimal`.
 */
export function detectTemplate(dir: string, templates: readonly Template[] = listTemplates()): TemplateDetection {
	const candidates = templates
		.map((template) => scoreTemplate(template, dir))
		.filter((candidate): candidate is TemplateCandidate => candidate !== undefined)
		.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
	const [best, second] = candidates;
	if (!best) {
		const names = templates.map((template) => template.name).join(', ');
		return {chosen: fallbackTemplate, candidates, reason: `no template matched this repository; using ${fallbackTemplate} (available: ${names})`};
	}
	const found = best.matched.join(', ');
	if (!second) return {chosen: best.name, candidates, reason: `detected ${best.name} (${found})`};
	if (best.score > second.score) {
		const others = candidates
			.slice(1)
			.map((candidate) => `${candidate.name} ${candidate.score}`)
			.join(', ');
		return {chosen: best.name, candidates, reason: `detected ${best.name} (score ${best.score}: ${found}; also matched ${others})`};
	}
	const tied = candidates.filter((candidate) => candidate.score === best.score).map((candidate) => candidate.name);
	return {
		chosen: fallbackTemplate,
		candidates,
		reason: `${tied.join(' and ')} match equally (score ${best.score}); using ${fallbackTemplate} — pick one with --template`,
	};
}
