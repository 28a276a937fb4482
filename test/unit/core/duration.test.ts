import {describe, expect, it} from 'vitest';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {describeDuration, parseDuration} from '../../../src/core/duration.js';

describe('durations', () => {
	it('reads a number with its unit, and combinations', () => {
		expect(parseDuration('30m')).toBe(1_800_000);
		expect(parseDuration('90s')).toBe(90_000);
		expect(parseDuration('1h30m')).toBe(5_400_000);
		expect(parseDuration('1.5h')).toBe(5_400_000);
		expect(parseDuration('2d')).toBe(172_800_000);
		expect(parseDuration('250ms')).toBe(250);
	});

	it('refuses a bare number, zero, a negative or words', () => {
		for (const text of ['30', '0m', '-5m', 'soon', '', 'm30', '5 m']) expect(parseDuration(text), text).toBeUndefined();
	});

	it('says how long in a few characters', () => {
		expect(describeDuration(42_000)).toBe('42s');
		expect(describeDuration(125_000)).toBe('2m05s');
		expect(describeDuration(1_800_000)).toBe('30m');
		expect(describeDuration(3_600_000)).toBe('1h00m');
		expect(describeDuration(100_000_000)).toBe('1d3h');
	});

	it('[resources] hibernate_idle_after takes a duration and refuses anything else with the key path', () => {
		const base = '[workspace]\nname = "x"\n';
		expect(parseWorkspaceConfig(`${base}[resources]\nhibernate_idle_after = "30m"\n`).config.resources.hibernate_idle_after).toBe('30m');
		expect(parseWorkspaceConfig(base).config.resources.hibernate_idle_after).toBeUndefined();
		expect(() => parseWorkspaceConfig(`${base}[resources]\nhibernate_idle_after = "30"\n`)).toThrow(/resources\.hibernate_idle_after[\s\S]*expected a duration with a unit/);
	});
});
