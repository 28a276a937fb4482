import {describe, expect, it} from 'vitest';
import {defaultReviewer} from '../../../src/core/actions/index.js';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';

const team = (...agents: string[]) => parseWorkspaceConfig(`[workspace]\nname = "w"\n[defaults]\nruntime = "demo"\n[roles]\nreviewer = "demo"\n${agents.map((agent) => `[[agent]]\n${agent}\n`).join('')}`, '/w/tutti.toml').config;

describe('defaultReviewer', () => {
	it('is the agent called reviewer, else the one other agent whose role is reviewer', () => {
		expect(defaultReviewer(team('name = "dev"', 'name = "reviewer"'), 'dev')).toBe('reviewer');
		expect(defaultReviewer(team('name = "dev"', 'name = "critic"\nrole = "reviewer"'), 'dev')).toBe('critic');
	});

	it('leaves the choice to the user when no one, or several, could be meant', () => {
		expect(() => defaultReviewer(team('name = "dev"', 'name = "qa"'), 'dev')).toThrow(expect.objectContaining({code: 'ERR_USAGE', hint: 'Name one: tt review dev --reviewer qa (could review: qa)'}) as Error);
		expect(() => defaultReviewer(team('name = "dev"', 'name = "a"\nrole = "reviewer"', 'name = "b"\nrole = "reviewer"'), 'dev')).toThrow(/\(2 have the role reviewer\)/);
		expect(() => defaultReviewer(team('name = "dev"'), 'dev')).toThrow(expect.objectContaining({hint: 'Add another agent to tutti.toml to review its work.'}) as Error);
	});
});
