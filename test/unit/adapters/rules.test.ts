import {describe, expect, it} from 'vitest';
import {builtinAdapterRegistry, builtinAdapters} from '../../../src/adapters/index.js';
import {priority} from '../../../src/adapters/shared/priorities.js';
import {runtimeIds} from '../../../src/core/agents/adapter.js';
import {agentStates} from '../../../src/core/state/types.js';

describe('built-in adapters', () => {
	it('one per runtime id, registered under its id', () => {
		expect(builtinAdapters.map((candidate) => candidate.id)).toEqual([...runtimeIds]);
		const registry = builtinAdapterRegistry();
		expect(registry.list()).toHaveLength(runtimeIds.length);
		expect(registry.get('claude').id).toBe('claude-code');
		expect(registry.get('gemini').id).toBe('gemini-cli');
	});

	it('submit, exit command, binary', () => {
		const facts = Object.fromEntries(builtinAdapters.map((candidate) => [candidate.id, [candidate.binary, candidate.submit.multiLineEnters, candidate.submit.enterDelayMs, candidate.exitCommand]]));
		expect(facts).toEqual({
			'claude-code': ['claude', 1, 150, '/exit'],
			codex: ['codex', 2, 150, '/exit'],
			'gemini-cli': ['gemini', 1, 150, '/quit'],
			aider: ['aider', 1, 50, '/exit'],
			openclaw: ['openclaw', 1, 50, '/exit'],
			'qwen-code': ['qwen', 1, 150, '/quit'],
			opencode: ['opencode', 1, 50, '/exit'],
			copilot: ['copilot', 1, 50, '/exit'],
			custom: ['', 1, 50, undefined],
			demo: ['node', 1, 0, 'exit 0'],
		});
	});

	it('context windows', () => {
		const window = (id: string, model?: string, tokens?: number) => builtinAdapters.find((candidate) => candidate.id === id)?.contextWindow(model, tokens);
		expect(window('claude-code', 'claude-sonnet-4-5')).toBe(200_000);
		expect(window('claude-code', 'claude-sonnet-4-5', 150_000)).toBe(200_000);
		expect(window('claude-code', 'claude-sonnet-4-5', 250_000)).toBe(1_000_000);
		expect(window('claude-code', 'claude-sonnet-4-5[1m]')).toBe(1_000_000);
		expect(window('claude-code')).toBe(200_000);
		expect(window('codex', 'gpt-5-codex')).toBe(272_000);
		expect(window('codex')).toBe(272_000);
		expect(window('gemini-cli', 'gemini-2.5-pro')).toBe(1_048_576);
		expect(window('demo', 'anything')).toBe(200_000);
		expect(window('aider', 'anthropic/claude-sonnet-4-5')).toBe(200_000);
		expect(window('aider', 'openrouter/some-model')).toBeUndefined();
		expect(window('opencode')).toBeUndefined();
		expect(window('custom', 'local-llama')).toBeUndefined();
	});
});

describe('screen rules are well-formed data', () => {
	const known = new Set<number>(Object.values(priority));
	it.each(builtinAdapters.map((candidate) => [candidate.id, candidate] as const))('%s', (id, candidate) => {
		const ids = candidate.screenRules.map((rule) => rule.id);
		expect(new Set(ids).size, 'unique ids').toBe(ids.length);
		for (const rule of candidate.screenRules) {
			expect(rule.id.startsWith(`${id}/`), rule.id).toBe(true);
			expect(rule.id, 'namespaced kebab ids').toMatch(/^[a-z-]+\/[a-z0-9-]+(?:\.[a-z0-9-]+)+$/);
			expect(agentStates).toContain(rule.state);
			expect(() => new RegExp(rule.pattern, rule.flags ?? 'i'), rule.id).not.toThrow();
			expect(known.has(rule.priority), `${rule.id} uses the shared priority scale`).toBe(true);
			// Live region only: never the whole screen.
			expect(rule.region, rule.id).not.toBe('screen');
			if (rule.region === 'bottom') expect(rule.rows, rule.id).toBeGreaterThan(0);
			else expect(rule.rows, rule.id).toBeUndefined();
		}
	});

	it('dialogs beat errors beat busy beats idle', () => {
		expect(priority.dialog).toBeLessThan(priority.authFailed);
		expect(priority.providerDown).toBeLessThan(priority.working);
		expect(priority.working).toBeLessThan(priority.idle);
		expect(priority.idleFooter).toBeLessThan(priority.workingWeak);
	});

	it('error rules never match answer prose', () => {
		const prose = [
			'  The API returns 401 Unauthorized when the token is missing.',
			'  We hit the rate limit (429 Too Many Requests) twice.',
			'⏺ Service unavailable errors mean the upstream is down; bad gateway too.',
			'  API Error: 401 {"type":"error"}',
			'  ■ unexpected status 401 Unauthorized',
			'  - exceeded retry limit, last status: 429',
			'• The error was: invalid_api_key (Incorrect API key provided)',
			'  rate_limit_exceeded, insufficient_quota and authentication_error are the codes',
		];
		for (const candidate of builtinAdapters) {
			for (const rule of candidate.screenRules) {
				if (!['auth_failed', 'rate_limited', 'provider_down'].includes(rule.state)) continue;
				const regex = new RegExp(rule.pattern, rule.flags ?? 'i');
				for (const line of prose) expect(regex.test(line), `${rule.id} on ${JSON.stringify(line)}`).toBe(false);
			}
		}
	});
});
