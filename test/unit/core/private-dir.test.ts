import {chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {ensureTmuxConf} from '../../../src/core/tmux/tmux-conf.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const isRoot = process.getuid?.() === 0;
const nobody = 65534;

/**
 * tutti's tmux config is code (tmux runs `run-shell` lines in it), so it must sit where only the
 * user can write. Each row pre-creates something hostile where tutti would put it.
 */
describe('ensureTmuxConf keeps the tmux config where only the user can write', () => {
	const temp = makeTempDir();
	afterAll(() => temp.cleanup());
	let n = 0;
	const home = () => {
		const dir = path.join(temp.dir, `home-${++n}`);
		mkdirSync(dir, {recursive: true});
		return dir;
	};
	const runtimeDir = (mode = 0o700) => {
		const dir = path.join(temp.dir, `run-${++n}`);
		mkdirSync(dir, {mode});
		chmodSync(dir, mode);
		return dir;
	};

	it('uses $XDG_RUNTIME_DIR/tutti, created 0700, with the file 0600', () => {
		const run = runtimeDir();
		const file = ensureTmuxConf({HOME: home(), XDG_RUNTIME_DIR: run});
		expect(file).toBe(path.join(run, 'tutti', 'tmux.conf'));
		expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).toContain('set -g remain-on-exit on');
		// Not the old shared-temp location, where another user could create the folder first.
		expect(file).not.toBe(path.join(os.tmpdir(), `tutti-${process.getuid?.() ?? 0}`, 'tmux.conf'));
	});

	it('falls back to ~/.local/state/tutti without a runtime dir, or when the runtime dir is not private', () => {
		const h = home();
		expect(ensureTmuxConf({HOME: h})).toBe(path.join(h, '.local', 'state', 'tutti', 'tmux.conf'));
		const h2 = home();
		expect(ensureTmuxConf({HOME: h2, XDG_RUNTIME_DIR: runtimeDir(0o777)})).toBe(path.join(h2, '.local', 'state', 'tutti', 'tmux.conf'));
		const h3 = home();
		expect(ensureTmuxConf({HOME: h3, XDG_RUNTIME_DIR: 'relative/run'})).toBe(path.join(h3, '.local', 'state', 'tutti', 'tmux.conf'));
		const state = path.join(temp.dir, `state-${++n}`);
		expect(ensureTmuxConf({HOME: home(), XDG_STATE_HOME: state})).toBe(path.join(state, 'tutti', 'tmux.conf'));
	});

	it('rewrites a stale file of the user in place', () => {
		const run = runtimeDir();
		const file = ensureTmuxConf({HOME: home(), XDG_RUNTIME_DIR: run});
		writeFileSync(file, 'run-shell "touch /tmp/owned"\n');
		ensureTmuxConf({HOME: home(), XDG_RUNTIME_DIR: run});
		expect(readFileSync(file, 'utf8')).not.toContain('run-shell');
	});

	type Hostile = {name: string; rootOnly?: boolean; plant: (tuttiDir: string) => void; refused: RegExp};
	const rows: Hostile[] = [
		{name: 'a folder every user can write', plant: (dir) => (mkdirSync(dir), chmodSync(dir, 0o777)), refused: /writable by every user \(mode 777\)/},
		{name: 'a folder its group can write', plant: (dir) => (mkdirSync(dir), chmodSync(dir, 0o770)), refused: /writable by its group/},
		{name: 'a symlink to a folder of someone else', plant: (dir) => (mkdirSync(`${dir}-elsewhere`), symlinkSync(`${dir}-elsewhere`, dir)), refused: /symbolic link/},
		{name: 'a file where the folder should be', plant: (dir) => writeFileSync(dir, ''), refused: /not a directory|EEXIST|ENOTDIR/},
		{name: 'a folder owned by another user', rootOnly: true, plant: (dir) => (mkdirSync(dir, {mode: 0o755}), chownSync(dir, nobody, nobody)), refused: /owned by uid 65534, not by you/},
		{name: 'a config that is a symlink', plant: (dir) => (mkdirSync(dir, {mode: 0o700}), writeFileSync(`${dir}.target`, 'run-shell x\n'), symlinkSync(`${dir}.target`, path.join(dir, 'tmux.conf'))), refused: /tmux\.conf: it is a symbolic link/},
		{name: 'a config every user can write', plant: (dir) => (mkdirSync(dir, {mode: 0o700}), writeFileSync(path.join(dir, 'tmux.conf'), ''), chmodSync(path.join(dir, 'tmux.conf'), 0o666)), refused: /tmux\.conf: it is writable by every user/},
		{name: 'a config owned by another user', rootOnly: true, plant: (dir) => (mkdirSync(dir, {mode: 0o700}), writeFileSync(path.join(dir, 'tmux.conf'), 'run-shell x\n', {mode: 0o644}), chownSync(path.join(dir, 'tmux.conf'), nobody, nobody)), refused: /tmux\.conf: it is owned by uid 65534/},
	];

	it.each(rows)('refuses $name, naming the path, and changes nothing', ({rootOnly, plant, refused}) => {
		if (rootOnly && !isRoot) return; // chown needs root; the mode rows cover a non-root run.
		const run = runtimeDir();
		const tuttiDir = path.join(run, 'tutti');
		plant(tuttiDir);
		const before = lstatSync(tuttiDir);
		let message = '';
		try {
			ensureTmuxConf({HOME: home(), XDG_RUNTIME_DIR: run});
		} catch (error) {
			message = `${(error as Error).message} ${(error as {hint?: string}).hint ?? ''}`;
		}
		expect(message).toMatch(refused);
		expect(message).toContain(tuttiDir);
		expect(lstatSync(tuttiDir).mode).toBe(before.mode);
		expect(lstatSync(tuttiDir).uid).toBe(before.uid);
	});
});
