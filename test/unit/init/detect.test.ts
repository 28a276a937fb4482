import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {detectTemplate, parseTemplate, templateSeparator} from '../../../src/core/init/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(files: string[]): string {
	const {dir, cleanup} = makeTempDir('tutti-detect-');
	cleanups.push(cleanup);
	for (const file of files) {
		mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
		writeFileSync(path.join(dir, file), '');
	}
	return dir;
}

describe('detectTemplate', () => {
	it('empty directory: minimal, listing the templates', () => {
		const detection = detectTemplate(repo([]));
		expect(detection).toMatchObject({chosen: 'minimal', candidates: []});
		expect(detection.reason).toMatch(/no template matched.*minimal, rust-cli, gstack-startup, demo/);
	});

	it('Rust library (Cargo.toml only): gstack-startup, the only match', () => {
		const detection = detectTemplate(repo(['Cargo.toml', 'src/lib.rs']));
		expect(detection.chosen).toBe('gstack-startup');
		expect(detection.candidates).toEqual([{name: 'gstack-startup', score: 1, matched: ['Cargo.toml']}]);
		expect(detection.reason).toBe('detected gstack-startup (Cargo.toml)');
	});

	it('Rust binary (Cargo.toml + src/main.rs): rust-cli wins on score (the reference fell back to minimal)', () => {
		const detection = detectTemplate(repo(['Cargo.toml', 'src/main.rs']));
		expect(detection.chosen).toBe('rust-cli');
		expect(detection.candidates.map(({name, score}) => ({name, score}))).toEqual([
			{name: 'rust-cli', score: 2},
			{name: 'gstack-startup', score: 1},
		]);
		expect(detection.reason).toMatch(/^detected rust-cli \(score 2: Cargo.toml, src\/main.rs; also matched gstack-startup 1\)$/);
	});

	it('src/main.rs without Cargo.toml matches nothing (detect_all needs both)', () => {
		expect(detectTemplate(repo(['src/main.rs'])).chosen).toBe('minimal');
	});

	it('a tie between the best scores falls back to minimal and says so', () => {
		const make = (name: string) => parseTemplate(`[template]\nname = "${name}"\nversion = "1"\ndetect = ["package.json"]\n${templateSeparator}\n`, 'test');
		const detection = detectTemplate(repo(['package.json']), [make('node-a'), make('node-b')]);
		expect(detection.chosen).toBe('minimal');
		expect(detection.candidates.map((candidate) => candidate.score)).toEqual([1, 1]);
		expect(detection.reason).toMatch(/node-a and node-b match equally \(score 1\); using minimal/);
	});

	it('demo and minimal are never detected', () => {
		expect(detectTemplate(repo(['Cargo.toml', 'src/main.rs', 'package.json', 'PLAN.md'])).candidates.map((candidate) => candidate.name)).not.toContain('demo');
	});
});
