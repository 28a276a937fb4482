import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createCore} from '../../../src/cli/core.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {TuttiConfigSchema} from '../../../src/core/config/index.js';
import {TuttiError} from '../../../src/core/errors.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace() {
	const temp = makeTempDir('tutti-ctx-');
	cleanups.push(temp.cleanup);
	const config = TuttiConfigSchema.parse({
		workspace: {name: 'ctx'},
		defaults: {runtime: 'demo', worktree: false},
		agent: [{name: 'dev'}, {name: 'cu', runtime: 'custom', command: 'my-cli', screen: {needs_input: ['^Allow this\\?']}, answers: [{pattern: '^Allow this\\?', approve: ['y'], deny: ['n']}]}],
	});
	const services = createCore({env: {HOME: temp.dir}, socket: 'unused', tmuxConf: '/dev/null', tuttiBin: path.join(temp.dir, 'tt.js')});
	return {ctx: new WorkspaceContext({root: temp.dir, path: path.join(temp.dir, 'tutti.toml'), config, warnings: []}, services), dir: temp.dir};
}

describe('createCore', () => {
	it('wires what the CLI wires: every built-in adapter and the custom runtimes’ rules and answers', () => {
		const {ctx} = workspace();
		const custom = ctx.config.agent.find((agent) => agent.name === 'cu')!;
		expect(ctx.services.adapters.has('claude-code') && ctx.services.adapters.has('demo')).toBe(true);
		expect(ctx.services.customRules?.(custom).map((rule) => rule.state)).toEqual(['needs_input']);
		expect(ctx.services.customAnswers?.(custom)).toHaveLength(1);
	});
});

describe('a closed workspace', () => {
	it('refuses its store instead of reopening it (and recreating a removed state folder)', () => {
		const {ctx} = workspace();
		ctx.store.appendEvent({event: 'agent.started', workspace: 'ctx', agent: 'dev', correlation_id: 'c1', data: {}});
		ctx.close();
		ctx.close();
		expect(() => ctx.store).toThrow(TuttiError);
		expect(() => ctx.store).toThrow(/used after it was closed/);
		// A runtime question after close is answered from the config, without touching the store.
		expect(ctx.runtimeOf(ctx.config.agent[0]!)).toBe('demo');
	});

	it('never creates state for a workspace closed before first use', () => {
		const {ctx, dir} = workspace();
		ctx.close();
		expect(() => ctx.store).toThrow(/closed/);
		expect(existsSync(path.join(dir, '.tutti'))).toBe(false);
	});
});
