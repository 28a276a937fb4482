/** Context window sizes (tokens) by model name; first match wins. */
const windows: ReadonlyArray<{match: RegExp; tokens: number}> = [
	{match: /^(anthropic\/)?claude-.*\[1m\]$/i, tokens: 1_000_000},
	{match: /^(anthropic\/)?claude-/i, tokens: 200_000},
	{match: /^(openai\/)?gpt-5/i, tokens: 400_000},
	{match: /^(google\/)?gemini-2\.5/i, tokens: 1_048_576},
];

/** The model's context window in tokens, or undefined for a model tutti does not know. */
export function contextWindowFor(model: string): number | undefined {
	return windows.find((entry) => entry.match.test(model.trim()))?.tokens;
}

/**
 * The window to measure `contextTokens` against: Claude's logs never carry the `[1m]` suffix, so a
 * Claude context already larger than 200k tokens can only be the 1M-token variant.
 */
export function effectiveContextWindow(model: string, contextTokens: number): number | undefined {
	const window = contextWindowFor(model);
	if (window === 200_000 && contextTokens > window) return 1_000_000;
	return window;
}
