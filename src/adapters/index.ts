import type {AgentAdapter} from '../core/agents/adapter.js';
import {AdapterRegistry} from '../core/agents/registry.js';
import {aiderAdapter} from './aider/index.js';
import {claudeCodeAdapter} from './claude-code/index.js';
import {codexAdapter} from './codex/index.js';
import {copilotAdapter} from './copilot/index.js';
import {customAdapter} from './custom/index.js';
import {demoAdapter} from './demo/index.js';
import {geminiCliAdapter} from './gemini-cli/index.js';
import {openclawAdapter} from './openclaw/index.js';
import {opencodeAdapter} from './opencode/index.js';
import {qwenCodeAdapter} from './qwen-code/index.js';

/** Every built-in adapter, in the order of `runtimeIds`. */
export const builtinAdapters: AgentAdapter[] = [
	claudeCodeAdapter,
	codexAdapter,
	geminiCliAdapter,
	aiderAdapter,
	openclawAdapter,
	qwenCodeAdapter,
	opencodeAdapter,
	copilotAdapter,
	customAdapter,
	demoAdapter,
];

/** A registry holding every built-in adapter. */
export function builtinAdapterRegistry(): AdapterRegistry {
	const registry = new AdapterRegistry();
	for (const adapter of builtinAdapters) registry.register(adapter);
	return registry;
}

export {customScreenRules, type CustomScreenPatterns} from './custom/index.js';
export {claudeSettingsPath} from './claude-code/index.js';
export {deferredPromptEnv, deferredPromptFileEnv, pathPrependEnv} from './shared/launch.js';
export {foldMemoryIntoPrompt, upsertClaudeMemoryBlock, memoryTarget} from './memory.js';
