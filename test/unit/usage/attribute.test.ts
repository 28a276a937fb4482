import {mkdirSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Attributor, isUnder, type WorkspaceInfo} from '../../../src/core/usage/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const root = '/work/proj';
const workspace = (agents: WorkspaceInfo['agents']): WorkspaceInfo => ({name: 'proj', root, agents});

describe('attribution by worktree path', () => {
	it('compares whole path segments', () => {
		expect(isUnder('/w/a', '/w/a')).toBe(true);
		expect(isUnder('/w/a/src', '/w/a')).toBe(true);
		expect(isUnder('/w/ab', '/w/a')).toBe(false);
		expect(isUnder('/w/a', '/w/a/')).toBe(true);
	});

	it('gives a worktree (or anything under it) to its agent, and never to an agent whose name is a prefix', () => {
		const attributor = new Attributor([workspace([{name: 'a', worktree: true}, {name: 'ab', worktree: true}])]);
		expect(attributor.attribute(`${root}/.tutti/worktrees/a`)).toEqual({workspace: 'proj', agent: 'a'});
		expect(attributor.attribute(`${root}/.tutti/worktrees/a/src/lib`)).toEqual({workspace: 'proj', agent: 'a'});
		expect(attributor.attribute(`${root}/.tutti/worktrees/ab`)).toEqual({workspace: 'proj', agent: 'ab'});
		expect(attributor.attribute(`${root}/.tutti/worktrees/ab/x`)).toEqual({workspace: 'proj', agent: 'ab'});
		// A worktree of an agent no longer in the config still names it.
		expect(attributor.attribute(`${root}/.tutti/worktrees/gone`)).toEqual({workspace: 'proj', agent: 'gone'});
	});

	it('gives the project root to no agent, unless exactly one agent runs without a worktree', () => {
		expect(new Attributor([workspace([{name: 'a', worktree: true}])]).attribute(root)).toEqual({workspace: 'proj', agent: null});
		expect(new Attributor([workspace([{name: 'a', worktree: true}])]).attribute(`${root}/.tutti/worktrees`)).toEqual({workspace: 'proj', agent: null});
		expect(new Attributor([workspace([{name: 'a', worktree: true}, {name: 'solo', worktree: false}])]).attribute(`${root}/src`)).toEqual({workspace: 'proj', agent: 'solo'});
		expect(new Attributor([workspace([{name: 'x', worktree: false}, {name: 'y', worktree: false}])]).attribute(root)).toEqual({workspace: 'proj', agent: null});
	});

	it('leaves paths outside every workspace (and prefix look-alikes) unattributed', () => {
		const attributor = new Attributor([workspace([{name: 'a', worktree: true}])]);
		expect(attributor.attribute('/work/proj2')).toBeUndefined();
		expect(attributor.attribute('/work')).toBeUndefined();
		expect(attributor.attribute('')).toBeUndefined();
	});

	it('picks the innermost of nested workspaces', () => {
		const attributor = new Attributor([workspace([]), {name: 'inner', root: `${root}/packages/inner`, agents: []}]);
		expect(attributor.attribute(`${root}/packages/inner/src`)?.workspace).toBe('inner');
		expect(attributor.attribute(`${root}/packages`)?.workspace).toBe('proj');
	});

	describe('with a symlinked root', () => {
		let temp: ReturnType<typeof makeTempDir>;
		beforeEach(() => (temp = makeTempDir('tutti-usage-attr-')));
		afterEach(() => temp.cleanup());

		it('matches logs that recorded the real path', () => {
			const real = path.join(temp.dir, 'real');
			mkdirSync(path.join(real, '.tutti', 'worktrees', 'a'), {recursive: true});
			const link = path.join(temp.dir, 'link');
			symlinkSync(real, link);
			const attributor = new Attributor([{name: 'proj', root: link, agents: [{name: 'a', worktree: true}]}]);
			expect(attributor.attribute(path.join(real, '.tutti', 'worktrees', 'a'))).toEqual({workspace: 'proj', agent: 'a'});
			expect(attributor.attribute(path.join(link, '.tutti', 'worktrees', 'a'))).toEqual({workspace: 'proj', agent: 'a'});
		});
	});
});
