import {describe, expect, it} from 'vitest';
import {GlobalConfigSchema, type ProfileConfig} from '../../../src/core/config/index.js';
import {launchProfiles, profileFits, rotationEnabled} from '../../../src/core/profiles/select.js';

const profile = (fields: Partial<ProfileConfig> & {name: string; provider: string; command: string}): ProfileConfig => ({reset_day: 'monday', ...fields});

describe('which profiles fit which CLI (reference §11.3, plus the CLIs tutti adds)', () => {
	it.each([
		[{name: 'a', provider: 'anthropic', command: 'claude'}, 'claude-code', true],
		[{name: 'b', provider: 'work', command: '/opt/bin/claude-wrapper'}, 'claude-code', true],
		[{name: 'c', provider: 'anthropic', command: 'anything'}, 'claude-code', true],
		// A Claude profile never launches Codex agents.
		[{name: 'd', provider: 'anthropic', command: 'claude'}, 'codex', false],
		[{name: 'e', provider: 'openai', command: 'codex --profile b'}, 'codex', true],
		[{name: 'f', provider: 'google', command: 'gemini'}, 'gemini-cli', true],
		[{name: 'g', provider: 'x', command: 'aider --model y'}, 'aider', true],
		[{name: 'h', provider: 'anthropic', command: 'claude'}, 'demo', false],
		[{name: 'i', provider: 'anthropic', command: 'claude'}, 'custom', false],
	] as const)('%o launches %s: %s', (fields, runtime, fits) => {
		expect(profileFits(profile(fields), runtime)).toBe(fits);
	});
});

describe('launchProfiles', () => {
	const profiles = [
		profile({name: 'main', provider: 'anthropic', command: 'claude', priority: 5}),
		profile({name: 'spare-b', provider: 'anthropic', command: 'claude-b', priority: 2}),
		profile({name: 'spare-a', provider: 'anthropic', command: 'claude-a'}),
		profile({name: 'same-command', provider: 'anthropic', command: 'claude-b', priority: 1}),
		profile({name: 'openai', provider: 'openai', command: 'codex'}),
	];
	const global = (strategy?: string) => ({...GlobalConfigSchema.parse({resilience: strategy ? {rate_limit_strategy: strategy} : {}}), profile: profiles});

	it('without rotation: the default profile alone, when it fits', () => {
		expect(launchProfiles(global(), 'main', 'claude-code').map((entry) => entry.name)).toEqual(['main']);
		expect(launchProfiles(global(), 'main', 'codex')).toEqual([]);
		expect(launchProfiles(global(), undefined, 'claude-code')).toEqual([]);
		expect(launchProfiles(global(), 'ghost', 'claude-code')).toEqual([]);
	});

	it('with rotation: then the same provider by priority (unset last), one per command', () => {
		expect(launchProfiles(global('rotate'), 'main', 'claude-code').map((entry) => entry.name)).toEqual(['main', 'same-command', 'spare-a']);
		expect(rotationEnabled(global('Failover'))).toBe(true);
		expect(rotationEnabled(global('wait'))).toBe(false);
	});
});
