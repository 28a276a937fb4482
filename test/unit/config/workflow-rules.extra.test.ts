import {describe, expect, it} from 'vitest';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';

describe('workflow depends_on cycles through implicit order', () => {
	it('a cycle closed by "runs after the previous step" is a config error naming the steps', () => {
		const toml = `[workspace]\nname = "w"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "a"\n[[workflow]]\nname = "loop"\n[[workflow.step]]\ntype = "command"\nrun = "true"\ndepends_on = [2]\n[[workflow.step]]\ntype = "command"\nrun = "true"\n`;
		expect(() => parseWorkspaceConfig(toml)).toThrow(/workflow "loop" step \d+: depends_on: cycle between steps (1 → 2 → 1|2 → 1 → 2)/);
	});
});
