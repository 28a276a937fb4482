import {builtinAdapters} from '../../../src/adapters/index.js';
import type {LaunchContext, RuntimeId} from '../../../src/core/agents/adapter.js';

/** The launch context every launch test starts from. */
export const P = 'fix the bug';
export const X = ['--model', 'x'];
export const SETTINGS = '/p/.tutti/state/runtime-settings/dev-claude-settings.json';
export const SHIMS = '/p/.tutti/state/runtime-shims/dev';
export const RULES = ['Read', 'Edit', 'npm test', 'cargo *'];

export function context(overrides: Partial<LaunchContext> = {}): LaunchContext {
	return {
		agent: 'dev',
		workspace: 'shop',
		root: '/p',
		workdir: '/p/.tutti/worktrees/dev',
		stateDir: '/p/.tutti/state',
		mode: 'safe',
		policy: 'constrained',
		prompt: P,
		extraArgs: X,
		command: undefined,
		permissions: RULES,
		tuttiBin: '/opt/tutti/dist/tt.js',
		nodeBin: '/usr/bin/node',
		...overrides,
	};
}

export function adapter(id: RuntimeId) {
	const found = builtinAdapters.find((candidate) => candidate.id === id);
	if (!found) throw new Error(id);
	return found;
}

