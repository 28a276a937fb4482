import {existsSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {buildReviewPacket, ensureWorktree, findReviewPacket, land, reviewDiffLimit, reviewPrompt, reviewsDir} from '../../../src/core/git/index.js';
import {makeProject, type TestProject} from './repo.js';

let project: TestProject;
let dir: string;
beforeEach(async () => {
	project = makeProject();
	dir = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
});
afterEach(() => project.cleanup());

const now = new Date(2026, 2, 5, 9, 7, 3);
const build = () => buildReviewPacket({root: project.root, agent: 'coder', branch: 'tutti/coder', now});

describe('buildReviewPacket', () => {
	it('writes nothing when there is nothing to review', async () => {
		expect(await build()).toEqual({empty: true, path: undefined});
		expect(existsSync(reviewsDir(project.root))).toBe(false);
	});

	it('does not send landed work for review again (cherry-picked: same patch, other hash)', async () => {
		project.commit('landed feature', {'landed.md': 'landed\n'}, dir);
		await land({root: project.root, agent: 'coder', branch: 'tutti/coder'});
		expect(await build()).toEqual({empty: true, path: undefined});
		project.commit('new feature', {'new.md': 'new\n'}, dir);
		const text = readFileSync((await build()).path!, 'utf8');
		expect(text).toContain('new.md');
		expect(text).not.toContain('landed.md');
	});

	it('writes the committed and WIP sections to a timestamped file', async () => {
		const base = project.git(['rev-parse', 'HEAD']);
		project.commit('feature', {'feature.md': 'Some ```fenced``` text\n'}, dir);
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
		writeFileSync(path.join(dir, 'brand new.ts'), 'new\n');
		const packet = await build();
		expect(packet.empty).toBe(false);
		expect(packet.path).toBe(path.join(project.root, '.tutti', 'state', 'reviews', 'coder-review-20260305-090703.md'));
		const text = readFileSync(packet.path!, 'utf8');
		const headings = text.split('\n').filter((line) => line.startsWith('#'));
		expect(headings).toEqual([
			'# Review packet: coder',
			'## Committed Diff Stat',
			'## Worktree WIP Diff Stat',
			'## Committed Diff',
			'## Worktree WIP Diff',
		]);
		expect(text).toContain(`- Generated: ${now.toISOString()}`);
		expect(text).toContain('- Branch: tutti/coder');
		expect(text).toContain(`- Merge base: ${base}`);
		expect(text).toContain('feature.md | 1 +');
		expect(text).toContain('+export const a = 2;');
		expect(text).toContain('+++ b/brand new.ts');
		// The diff holds ``` itself, so its fence is longer.
		expect(text).toContain('````diff\n');
	});

	it('truncates each diff at the limit with a marker', async () => {
		project.commit('big', {'big.txt': `${'x'.repeat(100)}\n`.repeat(2000)}, dir);
		const text = readFileSync((await build()).path!, 'utf8');
		expect(text).toMatch(/\[… truncated by tutti: \d+ more characters not shown …\]/);
		expect(text.length).toBeLessThan(reviewDiffLimit + 5000);
	});

	it('gives a single-line reviewer prompt, and finds packets for the resume guard', async () => {
		project.commit('feature', {'f.txt': 'f\n'}, dir);
		const {path: file} = await build();
		const prompt = reviewPrompt(file!);
		expect(prompt).not.toContain('\n');
		expect(prompt).toContain(file!);
		expect(prompt).toMatch(/bugs, regressions, missing tests/);

		const before = new Date(Date.now() - 60_000);
		expect(findReviewPacket(project.root, 'coder', before)).toBe(file);
		utimesSync(file!, before.getTime() / 1000 - 60, before.getTime() / 1000 - 60);
		expect(findReviewPacket(project.root, 'coder', before)).toBeUndefined();
		expect(findReviewPacket(project.root, 'other', before)).toBeUndefined();
	});
});
