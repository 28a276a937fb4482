import {describe, expect, it} from 'vitest';
import {errorCategories, errorCodes, errorJson, TuttiError, type ErrorCode} from '../../../src/core/errors.js';

describe('error categories', () => {
	it.each<[ErrorCode, string]>([
		['ERR_AGENT_UNKNOWN', 'agent'],
		['ERR_AGENT_NOT_RUNNING', 'agent'],
		['ERR_RUNTIME_MISSING', 'agent'],
		['ERR_WORKTREE_UNSAFE', 'git'],
		['ERR_WORKTREE_MISSING', 'git'],
		['ERR_LAND_DIRTY', 'git'],
		['ERR_NOT_A_REPO', 'git'],
		['ERR_TMUX_MISSING', 'tmux'],
		['ERR_WORKSPACE_UNKNOWN', 'workspace'],
		['ERR_CONFIG_INVALID', 'config'],
		['ERR_INTERNAL', 'internal'],
	])('%s prints as error[%s]', (code, category) => {
		expect(new TuttiError(code, 'x').category).toBe(category);
	});

	it('every category is used by some code, and none is jargon from the reference', () => {
		const used = new Set(Object.values(errorCodes));
		expect(errorCategories.filter((category) => !used.has(category))).toEqual([]);
		for (const jargon of ['routing', 'runtime', 'unknown', 'provider']) expect(errorCategories).not.toContain(jargon);
	});

	it('--json results carry the category next to the code', () => {
		expect(errorJson(new TuttiError('ERR_AGENT_UNKNOWN', 'unknown agent "x"', {hint: 'Agents: a.'}))).toEqual({code: 'ERR_AGENT_UNKNOWN', category: 'agent', message: 'unknown agent "x"', hint: 'Agents: a.'});
	});
});
