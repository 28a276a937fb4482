/**
 * List prices per model, as data, so a cost in dollars can be put on token usage (budgets in
 * dollars, `tt usage --windows`). Subscription plans are not billed per token: for them the
 * dollar figure says what the same work would cost on the API, which is how people compare plans.
 *
 * Dollars per million tokens. Anthropic's entries match the table ccusage 18.0.11 ships for
 * offline use (LiteLLM's), so our costs agree with `ccusage --offline`; Claude Sonnet 4 / 4.5
 * charge more for the part of a reply's count above 200k tokens (each kind counted apart, as
 * LiteLLM and ccusage do). Update `PRICES_AS_OF` with the table.
 */

import type {UsageRecord} from './types.js';

/** The day the table below was last checked against the providers' published prices. */
export const PRICES_AS_OF = '2026-04-16';

type Rate = {input: number; output: number; cache_write: number; cache_read: number};
/** `above_200k`: the rates for the tokens of a kind past the first 200k in one reply. */
type Price = Rate & {above_200k?: Rate};

const sonnet: Price = {input: 3, output: 15, cache_write: 3.75, cache_read: 0.3};
const sonnetTiered: Price = {...sonnet, above_200k: {input: 6, output: 22.5, cache_write: 7.5, cache_read: 0.6}};
const opusOld: Price = {input: 15, output: 75, cache_write: 18.75, cache_read: 1.5};
const opusNew: Price = {input: 5, output: 25, cache_write: 6.25, cache_read: 0.5};

/** Model name prefix → price; the longest prefix that matches wins. */
export const PRICE_TABLE: Readonly<Record<string, Price>> = {
	'claude-opus-4-7': opusNew,
	'claude-opus-4-6': opusNew,
	'claude-opus-4-5': opusNew,
	'claude-opus-4-1': opusOld,
	'claude-opus-4': opusOld,
	'claude-4-opus': opusOld,
	'claude-3-opus': opusOld,
	'claude-sonnet-4-6': sonnet,
	'claude-sonnet-4-5': sonnetTiered,
	'claude-sonnet-4': sonnetTiered,
	'claude-4-sonnet': sonnetTiered,
	'claude-3-7-sonnet': sonnet,
	'claude-haiku-4-5': {input: 1, output: 5, cache_write: 1.25, cache_read: 0.1},
	'claude-3-5-haiku': {input: 0.8, output: 4, cache_write: 1, cache_read: 0.08},
	'claude-3-haiku': {input: 0.25, output: 1.25, cache_write: 0.3, cache_read: 0.03},
	// OpenAI: no cache-write charge; cached input at a tenth.
	'gpt-5-mini': {input: 0.25, output: 2, cache_write: 0, cache_read: 0.025},
	'gpt-5-nano': {input: 0.05, output: 0.4, cache_write: 0, cache_read: 0.005},
	'gpt-5': {input: 1.25, output: 10, cache_write: 0, cache_read: 0.125},
	// Google: the ≤200k-prompt rates.
	'gemini-2.5-pro': {input: 1.25, output: 10, cache_write: 0, cache_read: 0.31},
	'gemini-2.5-flash-lite': {input: 0.1, output: 0.4, cache_write: 0, cache_read: 0.025},
	'gemini-2.5-flash': {input: 0.3, output: 2.5, cache_write: 0, cache_read: 0.075},
};

const prefixes = Object.keys(PRICE_TABLE).sort((a, b) => b.length - a.length);

/** The price of a model, by the longest table prefix its name starts with; undefined when unknown. */
export function modelPrice(model: string): Price | undefined {
	const name = model.toLowerCase().replace(/^(anthropic|openai|google)[/.]/, '');
	const prefix = prefixes.find((key) => name.startsWith(key));
	return prefix === undefined ? undefined : PRICE_TABLE[prefix];
}

const TIER = 200_000;

function tiered(tokens: number, base: number, above: number | undefined): number {
	if (tokens <= 0) return 0;
	if (above === undefined || tokens <= TIER) return tokens * base;
	return TIER * base + (tokens - TIER) * above;
}

/**
 * What one reply costs at list prices, in dollars; 0 for replies with no tokens (API errors,
 * `<synthetic>` lines), null when the model is not in the table.
 */
export function priceOf(record: Pick<UsageRecord, 'model' | 'input_tokens' | 'output_tokens' | 'cache_read_tokens' | 'cache_creation_tokens'>): number | null {
	if (record.input_tokens + record.output_tokens + record.cache_read_tokens + record.cache_creation_tokens === 0) return 0;
	const price = modelPrice(record.model);
	if (price === undefined) return null;
	const above = price.above_200k;
	const dollars =
		tiered(record.input_tokens, price.input, above?.input) +
		tiered(record.output_tokens, price.output, above?.output) +
		tiered(record.cache_creation_tokens, price.cache_write, above?.cache_write) +
		tiered(record.cache_read_tokens, price.cache_read, above?.cache_read);
	return dollars / 1_000_000;
}
