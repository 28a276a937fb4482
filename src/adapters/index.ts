import type {AgentAdapter} from '../core/agents/adapter.js';
import type {AdapterRegistry} from '../core/agents/registry.js';
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

export function registerBuiltinAdapters(registry: AdapterRegistry): void {
	for (const adapter of builtinAdapters) registry.register(adapter);
}

export {customScreenRules, type CustomScreenPatterns} from './custom/index.js';
export {claudeSettingsPath} from './claude-code/index.js';
export {deferredPromptEnv, deferredPromptFileEnv, pathPrependEnv} from './shared/launch.js';
export {foldMemoryIntoPrompt, upsertClaudeMemoryBlock, memoryTarget} from './memory.js';
