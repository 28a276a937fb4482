import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {checkMergeGate, isMergeGateEnabled} from '../../../src/core/git/index.js';
import {findExecutable} from '../../../src/core/process/which.js';
import {FakeRunner} from '../../helpers/fake-runner.js';
import {makeTempDir} from '../../helpers/sandbox.js';

let temp: {dir: string; cleanup: () => void};
let gh: string;
let env: Record<string, string>;
beforeEach(() => {
	temp = makeTempDir('tutti gh ');
	const bin = path.join(temp.dir, 'bin');
	mkdirSync(bin);
	gh = path.join(bin, 'gh');
	writeFileSync(gh, '#!/bin/sh\nexit 0\n');
	chmodSync(gh, 0o755);
	env = {PATH: bin};
});
afterEach(() => temp.cleanup());

const listArgs = ['pr', 'list', '--head', 'tutti/coder', '--state', 'open', '--limit', '1', '--json', 'number,url'];
const repoArgs = ['repo', 'view', '--json', 'nameWithOwner', '--jq', '.nameWithOwner'];
const page = (unresolved: boolean[], next?: string) =>
	JSON.stringify({
		data: {
			repository: {
				pullRequest: {reviewThreads: {nodes: unresolved.map((open) => ({isResolved: !open})), pageInfo: {hasNextPage: next !== undefined, endCursor: next ?? null}}},
			},
		},
	});
const graphql = (after?: string) => {
	const args = ['api', 'graphql', '-f', /^query=query\(/, '-f', 'owner=acme', '-f', 'name=app', '-F', 'number=7'];
	return after ? [...args, '-f', `after=${after}`] : args;
};

describe('isMergeGateEnabled', () => {
	it('accepts 1/true/yes/on in any case', () => {
		for (const value of ['1', 'true', 'YES', 'On']) expect(isMergeGateEnabled({TT_ENFORCE_MERGE_GATE: value})).toBe(true);
		for (const value of [undefined, '', '0', 'no', 'off']) expect(isMergeGateEnabled({TT_ENFORCE_MERGE_GATE: value})).toBe(false);
	});
});

describe('checkMergeGate', () => {
	const run = (runner: FakeRunner) => checkMergeGate({root: '/repo', branch: 'tutti/coder', agent: 'coder', runner, env});

	it('passes with an open PR, green required checks and resolved threads across pages', async () => {
		const runner = new FakeRunner()
			.expect(gh, listArgs, {stdout: '[{"number":7,"url":"https://github.com/acme/app/pull/7"}]'})
			.expect(gh, ['pr', 'checks', '7', '--required'])
			.expect(gh, repoArgs, {stdout: 'acme/app\n'})
			.expect(gh, graphql(), {stdout: page([false, false], 'CUR1')})
			.expect(gh, graphql('CUR1'), {stdout: page([false])});
		expect(await run(runner)).toEqual({pr: {number: 7, url: 'https://github.com/acme/app/pull/7'}, unresolvedThreads: 0});
		runner.assertDone();
		expect(runner.calls[3]!.args[3]).toContain('reviewThreads(first: 100, after: $after)');
	});

	it('blocks without an open PR', async () => {
		const runner = new FakeRunner().expect(gh, listArgs, {stdout: '[]'});
		await expect(run(runner)).rejects.toMatchObject({code: 'ERR_POLICY', hint: expect.stringContaining('tt land coder --pr')});
	});

	it('blocks on failing or pending required checks', async () => {
		const failing = new FakeRunner()
			.expect(gh, listArgs, {stdout: '[{"number":7,"url":"u"}]'})
			.expect(gh, ['pr', 'checks', '7', '--required'], {exitCode: 8, stdout: 'build pending'});
		await expect(run(failing)).rejects.toMatchObject({code: 'ERR_POLICY', message: expect.stringContaining('still pending')});
	});

	it('blocks on unresolved review threads', async () => {
		const runner = new FakeRunner()
			.expect(gh, listArgs, {stdout: '[{"number":7,"url":"u"}]'})
			.expect(gh, ['pr', 'checks', '7', '--required'])
			.expect(gh, repoArgs, {stdout: 'acme/app\n'})
			.expect(gh, graphql(), {stdout: page([true, false, true])});
		await expect(run(runner)).rejects.toMatchObject({code: 'ERR_POLICY', message: expect.stringContaining('2 unresolved review threads')});
	});

	it('needs gh on PATH', async () => {
		await expect(checkMergeGate({root: '/repo', branch: 'b', runner: new FakeRunner(), env: {PATH: temp.dir}})).rejects.toMatchObject({code: 'ERR_GH_MISSING'});
	});
});

describe('findExecutable', () => {
	it('finds executables on PATH, skipping non-executable files, directories and empty entries', () => {
		const plain = path.join(temp.dir, 'plain');
		writeFileSync(path.join(temp.dir, 'gh'), 'not executable');
		mkdirSync(plain);
		expect(findExecutable('gh', ['', temp.dir, plain, path.dirname(gh)].join(path.delimiter))).toBe(gh);
		expect(findExecutable('gh', temp.dir)).toBeUndefined();
		expect(findExecutable('nope', path.dirname(gh))).toBeUndefined();
		expect(findExecutable(gh, '')).toBe(gh);
		expect(findExecutable('gh', undefined)).toBe(findExecutable('gh'));
	});
});
