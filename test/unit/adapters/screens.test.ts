import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {agentStates} from '../../../src/core/state/types.js';
import {detectCapturedScreen} from '../../../src/core/state/captured.js';
import {listScreenFixtures} from './fixtures.js';

const fixtures = listScreenFixtures();
const adapterFor = (runtime: string) => {
	const adapter = builtinAdapters.find((candidate) => candidate.id === runtime);
	if (!adapter) throw new Error(`fixture folder ${runtime} names no built-in adapter`);
	return adapter;
};

describe('screen fixtures', () => {
	it.each(fixtures.map((fixture) => [`${fixture.runtime}/${fixture.name}`, fixture] as const))('%s', (_label, fixture) => {
		expect(agentStates).toContain(fixture.expected);
		const verdict = detectCapturedScreen({...fixture.input, rules: adapterFor(fixture.runtime).screenRules});
		expect(
			{state: verdict?.state, rule: verdict.rule},
			`matched ${verdict.rule ?? 'nothing'} on ${JSON.stringify(verdict.detail)}`,
		).toMatchObject({state: fixture.expected});
	});

	const required = ['idle', 'working', 'needs_input', 'auth_failed', 'rate_limited', 'provider_down'];
	const traps = ['idle--answer-mentions-rate-limit', 'idle--stale-busy-line', 'idle--old-error-above-answer'];
	it.each(['claude-code', 'codex', 'gemini-cli', 'demo'])('%s has every state and the trap screens', (runtime) => {
		const names = fixtures.filter((fixture) => fixture.runtime === runtime).map((fixture) => fixture.name);
		for (const state of required) expect(names.some((name) => name.startsWith(`${state}--`)), state).toBe(true);
		for (const trap of traps) expect(names, trap).toContain(`${trap}.txt`);
	});

	// Recorded only (no hand-written screens): each trap at the three fixture sizes; the quoted busy
	// line is the recorded form of a stale one.
	const recordedTraps = ['idle--answer-mentions-rate-limit', 'idle--quoted-busy-line', 'idle--old-error-above-answer'];
	it.each(['qwen-code', 'opencode', 'copilot'])('%s has every state and the trap screens, recorded at 200x50, 120x40 and 80x24', (runtime) => {
		const names = fixtures.filter((fixture) => fixture.runtime === runtime).map((fixture) => fixture.name);
		for (const state of required) expect(names.some((name) => name.startsWith(`${state}--`) && /--\d+x\d+\.txt$/.test(name)), state).toBe(true);
		for (const trap of recordedTraps) {
			for (const size of ['200x50', '120x40', '80x24']) expect(names.some((name) => name.startsWith(trap) && name.endsWith(`--${size}.txt`)), `${trap} ${size}`).toBe(true);
		}
	});

	it('the trap screens really contain the words that must not count', () => {
		for (const fixture of fixtures.filter((candidate) => candidate.name.startsWith('idle--answer-mentions-rate-limit'))) {
			const text = fixture.input.lines.join('\n').toLowerCase();
			expect(text, fixture.file).toContain('rate limit');
			expect(text, fixture.file).toContain('401');
			expect(text, fixture.file).toContain('unauthorized');
			expect(text, fixture.file).toMatch(/do you want to proceed\?|would you like to run the following command\?/);
		}
	});
});
