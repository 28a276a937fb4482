/**
 * Context-window sizes in tokens, for context health (tokens in the current context against the
 * window). Values are the providers' documented limits; where a CLI measures against a smaller
 * budget than the model's total window, the CLI's number is used so our % agrees with its own.
 */

/**
 * Claude models: 200k; the 1M-context variants are named with a `[1m]` suffix (`sonnet[1m]`) —
 * but Claude Code's logs never carry the suffix, so a context already past 200k can only be one.
 */
export function claudeContextWindow(model: string | undefined, contextTokens = 0): number {
	return model?.toLowerCase().includes('[1m]') || contextTokens > 200_000 ? 1_000_000 : 200_000;
}

/**
 * OpenAI models as Codex uses them. GPT-5 family (gpt-5, gpt-5-codex, gpt-5.x): 400k total
 * window of which 128k is reserved for output; Codex computes "% context left" against the 272k
 * input budget, so that is the number here. Undefined model: Codex's default is a GPT-5 model.
 */
export function openaiContextWindow(model: string | undefined): number | undefined {
	const name = (model ?? 'gpt-5').toLowerCase();
	if (name.startsWith('gpt-5') || name.includes('codex')) return 272_000;
	if (name.startsWith('gpt-4.1')) return 1_047_576;
	if (name.startsWith('gpt-4o')) return 128_000;
	if (/^o[134]/.test(name)) return 200_000;
	return undefined;
}

/** Gemini 2.x/3.x Pro and Flash: 1,048,576 input tokens. */
export function geminiContextWindow(model: string | undefined): number | undefined {
	const name = (model ?? 'gemini').toLowerCase();
	return name.includes('gemini') ? 1_048_576 : undefined;
}

/**
 * For CLIs that front several providers (aider, opencode, copilot, …): a size when the model
 * name is recognisable, else undefined (unknown beats wrong).
 */
export function knownContextWindow(model: string | undefined, contextTokens?: number): number | undefined {
	if (model === undefined) return undefined;
	const name = model.toLowerCase();
	if (/claude|sonnet|opus|haiku/.test(name)) return claudeContextWindow(name, contextTokens);
	if (name.includes('gemini')) return geminiContextWindow(name);
	const bare = name.slice(name.lastIndexOf('/') + 1);
	return /^(?:gpt-|o[134])/.test(bare) || bare.includes('codex') ? openaiContextWindow(bare) : undefined;
}
