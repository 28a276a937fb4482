import {readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {assertOwnTuttiDir} from '../workspace/tutti-dir.js';
import type {ConfigWarning} from './findings.js';
import type {GlobalConfig} from './schema-global.js';
import type {TuttiConfig} from './schema-workspace.js';

/**
 * Config loading for one-shot commands without paying for the validator: a validated config is
 * cached next to the workspace's state (`.tutti/state/config-cache.json`) and reused while
 * tutti.toml, the global config and tutti's version are unchanged. On a miss the full loader (zod)
 * is imported, validates, and refreshes the cache. This module must not import zod.
 */

export type FastWorkspace = {path: string; root: string; config: TuttiConfig; warnings: ConfigWarning[]};
export type FastGlobal = {path: string; exists: boolean; config: GlobalConfig; warnings: ConfigWarning[]};

type FileKey = {mtimeMs: number; size: number; ino: number} | null;
type CacheFile = {version: string; toml: FileKey; global: FileKey; globalPath: string; workspace: FastWorkspace; globalConfig: FastGlobal};

function fileKey(file: string): FileKey {
	try {
		const stat = statSync(file);
		return {mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino};
	} catch {
		return null;
	}
}

function sameKey(a: FileKey, b: FileKey): boolean {
	return a === b || (a !== null && b !== null && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino);
}

/** `$XDG_CONFIG_HOME/tutti/config.toml`, else `~/.config/tutti/config.toml` (read at call time). */
export function globalConfigFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
	const xdg = env['XDG_CONFIG_HOME'];
	const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] || os.homedir(), '.config');
	return path.join(base, 'tutti', 'config.toml');
}

/** The nearest tutti.toml at or above `startDir`. */
export function findConfigFile(startDir: string): string | undefined {
	let dir = path.resolve(startDir);
	for (;;) {
		const candidate = path.join(dir, 'tutti.toml');
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// Keep walking up.
		}
		const parent = path.dirname(dir);
		if (parent === dir) return undefined;
		dir = parent;
	}
}

function cachePath(root: string): string {
	return path.join(root, '.tutti', 'state', 'config-cache.json');
}

/** The global config alone (for commands that run outside a workspace). */
export async function loadGlobalFast(env: NodeJS.ProcessEnv): Promise<FastGlobal> {
	const full = await import('./index.js');
	return full.loadGlobalConfig(env);
}

/** Workspace and global config together, from the cache when it is still valid. */
export async function loadConfigsFast(startDir: string, env: NodeJS.ProcessEnv, version: string): Promise<{workspace: FastWorkspace; global: FastGlobal}> {
	const file = findConfigFile(startDir);
	if (file === undefined) {
		throw new TuttiError('ERR_CONFIG_NOT_FOUND', `no tutti.toml in ${path.resolve(startDir)} or any parent directory`, {
			hint: 'Run `tt init` to create one, or cd into a project that has a tutti.toml.',
		});
	}
	const root = path.dirname(file);
	const globalPath = globalConfigFile(env);
	const toml = fileKey(file);
	const global = fileKey(globalPath);
	try {
		const cached = JSON.parse(readFileSync(cachePath(root), 'utf8')) as CacheFile;
		if (cached.version === version && cached.globalPath === globalPath && sameKey(cached.toml, toml) && sameKey(cached.global, global) && cached.workspace.path === file) {
			return {workspace: cached.workspace, global: cached.globalConfig};
		}
	} catch {
		// No cache yet, or an unreadable one: validate from scratch.
	}
	const full = await import('./index.js');
	const workspace = full.loadWorkspaceConfig(startDir);
	const globalConfig = full.loadGlobalConfig(env);
	try {
		const entry: CacheFile = {version, toml, global, globalPath, workspace, globalConfig};
		// Only into a .tutti/ that is tutti's own (the command itself then refuses a hostile one).
		assertOwnTuttiDir(root);
		writeFileAtomic(cachePath(root), JSON.stringify(entry));
	} catch {
		// A read-only project still works, just without the cache.
	}
	return {workspace, global: globalConfig};
}
