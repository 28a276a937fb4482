import os from 'node:os';
import path from 'node:path';
import {isDirectory, realOrResolved} from './files.js';
import type {UsageSource} from './types.js';

/** A folder of session logs to scan. */
export type LogRoot = {source: UsageSource; dir: string};

function homeOf(env: NodeJS.ProcessEnv): string {
	return env['HOME'] && env['HOME'] !== '' ? env['HOME'] : os.homedir();
}

async function existing(roots: LogRoot[]): Promise<LogRoot[]> {
	const seen = new Set<string>();
	const kept: LogRoot[] = [];
	for (const root of roots) {
		if (!(await isDirectory(root.dir))) continue;
		const real = await realOrResolved(root.dir);
		if (seen.has(real)) continue;
		seen.add(real);
		kept.push({source: root.source, dir: real});
	}
	return kept;
}

/**
 * Claude Code: every folder of `$CLAUDE_CONFIG_DIR` (a comma-separated list, as ccusage accepts)
 * that has a `projects/` folder; without it `$XDG_CONFIG_HOME/claude` (default `~/.config/claude`)
 * and `~/.claude`.
 */
export async function claudeRoots(env: NodeJS.ProcessEnv): Promise<LogRoot[]> {
	const configured = (env['CLAUDE_CONFIG_DIR'] ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
	const home = homeOf(env);
	const xdg = env['XDG_CONFIG_HOME'] && env['XDG_CONFIG_HOME'] !== '' ? env['XDG_CONFIG_HOME'] : path.join(home, '.config');
	const bases = configured.length > 0 ? configured.map((entry) => path.resolve(entry)) : [path.join(xdg, 'claude'), path.join(home, '.claude')];
	return existing(bases.map((base) => ({source: 'claude-code', dir: path.join(base, 'projects')})));
}

/** Codex: `$CODEX_HOME` (default `~/.codex`), its `sessions/` and `archived_sessions/`. */
export async function codexRoots(env: NodeJS.ProcessEnv): Promise<LogRoot[]> {
	const configured = env['CODEX_HOME']?.trim();
	const base = configured ? path.resolve(configured) : path.join(homeOf(env), '.codex');
	return existing([
		{source: 'codex', dir: path.join(base, 'sessions')},
		{source: 'codex', dir: path.join(base, 'archived_sessions')},
	]);
}

/** Gemini CLI: `<$GEMINI_CLI_HOME or ~>/.gemini/tmp`. */
export async function geminiRoots(env: NodeJS.ProcessEnv): Promise<LogRoot[]> {
	const configured = env['GEMINI_CLI_HOME']?.trim();
	return existing([{source: 'gemini-cli', dir: path.join(configured ? path.resolve(configured) : homeOf(env), '.gemini', 'tmp')}]);
}

/** The demo agent's Claude-format logs: `<project>/.tutti/demo-home/projects`. */
export async function demoRoots(projectRoots: readonly string[]): Promise<LogRoot[]> {
	return existing(projectRoots.map((root) => ({source: 'demo', dir: path.join(root, '.tutti', 'demo-home', 'projects')})));
}
