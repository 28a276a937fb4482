import type {RuntimeId} from '../agents/adapter.js';
import type {GlobalConfig, ProfileConfig} from '../config/index.js';
import {namesRotation} from '../recovery/strategy.js';

/**
 * Whether an account profile may launch a runtime (reference §11.3): by the command it runs or
 * its provider — a Claude profile never launches Codex agents. tutti adds Gemini CLI, Qwen Code,
 * opencode and Copilot CLI the same way; the demo and custom runtimes take no profile.
 */
export function profileFits(profile: ProfileConfig, runtime: RuntimeId): boolean {
	const command = profile.command.toLowerCase();
	const provider = profile.provider.trim().toLowerCase();
	switch (runtime) {
		case 'claude-code':
			return command.includes('claude') || provider === 'anthropic';
		case 'codex':
			return command.includes('codex') || provider === 'openai';
		case 'aider':
			return command.includes('aider');
		case 'openclaw':
			return command.includes('openclaw') || provider === 'openclaw';
		case 'gemini-cli':
			return command.includes('gemini') || provider === 'google';
		case 'qwen-code':
			return command.includes('qwen') || provider === 'qwen';
		case 'opencode':
			return command.includes('opencode');
		case 'copilot':
			return command.includes('copilot') || provider === 'github';
		default:
			return false;
	}
}

/** Profile rotation is on when either `[resilience]` strategy names it (the reference's spellings). */
export function rotationEnabled(global: GlobalConfig): boolean {
	const {provider_down_strategy: provider, rate_limit_strategy: rate} = global.resilience;
	return namesRotation(provider) || namesRotation(rate);
}

/**
 * The profiles a launch tries, in order (reference §11.3): the workspace's default profile when it
 * fits the runtime; then — only with rotation on — every other profile of the same provider that
 * fits, by `priority` (unset last) then name, one per command. Empty: the runtime's own binary.
 */
export function launchProfiles(global: GlobalConfig, defaultProfile: string | undefined, runtime: RuntimeId): ProfileConfig[] {
	const first = global.profile.find((profile) => profile.name === defaultProfile);
	const attempts = first && profileFits(first, runtime) ? [first] : [];
	if (!first || !rotationEnabled(global)) return attempts;
	const others = global.profile
		.filter((profile) => profile !== first && profile.provider === first.provider && profileFits(profile, runtime))
		.sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
	for (const profile of others) if (!attempts.some((taken) => taken.command === profile.command)) attempts.push(profile);
	return attempts;
}
