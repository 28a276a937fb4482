import {mkdirSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {globFiles, newMatches, snapshotGlob} from '../../../src/core/workflow/glob.js';
import {checkCommand} from '../../../src/core/policy/match.js';
import {isEngineOutput, resolveInside, resolveStepPath} from '../../../src/core/workflow/safe-path.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const temp = makeTempDir('tutti-paths-');
afterAll(() => temp.cleanup());
const root = temp.dir;

describe('paths that would leave the project are refused', () => {
	mkdirSync(path.join(root, 'docs'), {recursive: true});
	symlinkSync('/etc', path.join(root, 'docs', 'etc'));
	mkdirSync(path.join(root, '.tutti', 'state', 'workflow-outputs', 'r1'), {recursive: true});
	writeFileSync(path.join(root, '.tutti', 'state', 'workflow-outputs', 'r1', 'plan.json'), '{}');

	it('resolves relative paths inside the base', () => {
		expect(resolveInside(root, 'docs/a.md', 'x')).toBe(path.join(root, 'docs', 'a.md'));
	});

	it('refuses absolute paths, ~, .. and symlinks that lead out, naming the step and key', () => {
		const what = 'workflow "ship" step 3: inject_files';
		expect(() => resolveInside(root, '/etc/passwd', what)).toThrow('workflow "ship" step 3: inject_files: refusing "/etc/passwd": it is absolute');
		expect(() => resolveInside(root, '~/x', what)).toThrow('it is absolute');
		expect(() => resolveInside(root, 'docs/../../x', what)).toThrow('refusing "docs/../../x": it has a ".." component');
		expect(() => resolveInside(root, 'docs/etc/passwd', what)).toThrow('refusing "docs/etc/passwd": a symbolic link leads outside the project');
	});

	it('accepts an absolute path only when the engine produced it', () => {
		const produced = path.join(root, '.tutti', 'state', 'workflow-outputs', 'r1', 'plan.json');
		expect(isEngineOutput(root, produced)).toBe(true);
		expect(resolveStepPath(root, root, produced, 'w')).toEqual({file: produced, produced: true});
		expect(() => resolveStepPath(root, root, path.join(root, 'docs', 'a.md'), 'workflow "w" step 1: output_json')).toThrow('it is an absolute path that tutti did not produce');
		expect(isEngineOutput(root, path.join(root, '.tutti', 'state', 'workflow-outputs', '..', 'tutti.db'))).toBe(false);
	});
});

describe('artifact globs', () => {
	const base = path.join(root, 'art');
	mkdirSync(path.join(base, 'a', 'b'), {recursive: true});
	writeFileSync(path.join(base, 'x-design-1.md'), '1');
	writeFileSync(path.join(base, 'a', 'b', 'y-design-2.md'), '2');
	writeFileSync(path.join(base, '.hidden-design.md'), 'h');

	it('matches *, ?, [...] and ** but not hidden files', () => {
		expect(globFiles(path.join(base, '*-design-*.md'))).toEqual([path.join(base, 'x-design-1.md')]);
		expect(globFiles(path.join(base, '**', '*-design-?.md')).sort()).toEqual([path.join(base, 'a', 'b', 'y-design-2.md'), path.join(base, 'x-design-1.md')]);
		expect(globFiles(path.join(base, '[xz]-design-*.md'))).toEqual([path.join(base, 'x-design-1.md')]);
	});

	it('finds files that are new or changed since a snapshot, newest first', () => {
		const pattern = path.join(base, '*.md');
		const snapshot = snapshotGlob(pattern);
		expect(newMatches(pattern, snapshot)).toEqual([]);
		writeFileSync(path.join(base, 'new-design.md'), 'n');
		const later = new Date(Date.now() + 5000);
		utimesSync(path.join(base, 'x-design-1.md'), later, later);
		expect(newMatches(pattern, snapshot)).toEqual([path.join(base, 'x-design-1.md'), path.join(base, 'new-design.md')]);
	});
});

describe('[permissions] for command steps (reference §11.2)', () => {
	it('matches prefixes, wildcards and Bash(...) rules; suggests the first two words', () => {
		expect(checkCommand('npm   test', ['npm test'])).toMatchObject({allowed: true, rule: 'npm test'});
		expect(checkCommand('npm test -- --watch', ['npm test'])).toMatchObject({allowed: true});
		expect(checkCommand('npm testing', ['npm test'])).toMatchObject({allowed: false, suggested: 'npm testing'});
		expect(checkCommand('cargo clippy -- -D warnings', ['cargo *'])).toMatchObject({allowed: true});
		expect(checkCommand('make', ['Bash(make:*)'])).toMatchObject({allowed: true});
		expect(checkCommand('rm -rf /', ['Read', 'Edit(*)'])).toMatchObject({allowed: false, rule: undefined, blocked: 'rm -rf /', suggested: 'rm -rf'});
		expect(checkCommand('anything', undefined)).toMatchObject({allowed: true});
		expect(checkCommand('anything', [])).toMatchObject({allowed: false, suggested: 'anything'});
	});
});
