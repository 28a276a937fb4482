import {existsSync, readFileSync, realpathSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {PromptStepConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {isRunning} from './agents.js';
import {newMatches, snapshotGlob} from './glob.js';
import {escapeError} from './safe-path.js';
import type {StepContext} from './step-context.js';
import {expandArtifactGlob} from './template.js';

/** An expanded `artifact_glob`; `base` is set for a relative glob, whose matches must stay inside it. */
export type ArtifactGlob = {pattern: string; base: string | undefined};

/** gstack's project slug: the `SLUG=` line printed by `~/.claude/skills/gstack/bin/gstack-slug`. */
export async function gstackSlug(sc: StepContext, cwd: string): Promise<string> {
	const home = sc.ctx.services.env['HOME'] || os.homedir();
	const bin = path.join(home, '.claude', 'skills', 'gstack', 'bin', 'gstack-slug');
	if (!existsSync(bin)) {
		throw new TuttiError('ERR_RUNTIME_MISSING', `${sc.label}: artifact_glob uses {slug}, which needs gstack's ${bin}`, {
			hint: 'Install gstack for Claude Code, or write the glob without {slug}.',
		});
	}
	const result = await sc.ctx.services.runner.run(bin, [], {cwd, timeoutMs: 30_000, errorCode: 'ERR_PROCESS'});
	const slug = /^SLUG=(.*)$/m.exec(result.stdout)?.[1]?.trim();
	if (!slug || slug.includes('/') || slug.includes('..')) throw new TuttiError('ERR_PROCESS', `${sc.label}: ${bin} printed no usable SLUG= line`, {hint: `Run ${bin} in ${cwd} to see what it prints.`});
	return slug;
}

/**
 * Expands the step's glob (`{workspace}`, `{agent}`, `{slug}`, `~/`). A relative glob is taken
 * from the agent's working directory and may not climb out of it; `~/…` reads the user's home
 * (where tools like gstack keep their documents); any other absolute glob is refused.
 */
export async function resolveArtifactGlob(sc: StepContext, step: PromptStepConfig, workdir: string): Promise<ArtifactGlob> {
	const glob = step.artifact_glob ?? '';
	const home = sc.ctx.services.env['HOME'] || os.homedir();
	const expanded = await expandArtifactGlob(glob, {workspace: sc.ctx.name, agent: step.agent, home, slug: () => gstackSlug(sc, workdir)});
	const what = `${sc.label}: artifact_glob`;
	if (expanded.split(/[/\\]/).includes('..')) throw escapeError(what, glob, 'it has a ".." component');
	if (path.isAbsolute(expanded)) {
		if (!glob.trimStart().startsWith('~')) throw escapeError(what, glob, 'absolute globs are refused; use a path relative to the agent\'s directory or ~/');
		return {pattern: expanded, base: undefined};
	}
	return {pattern: path.join(workdir, expanded), base: workdir};
}

function insideBase(base: string, file: string): boolean {
	const relative = path.relative(realpathSync(base), realpathSync(file));
	return !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function snapshotArtifacts(glob: ArtifactGlob): Record<string, number> {
	return snapshotGlob(glob.pattern);
}

/** The newest file that appeared since the snapshot (a warning names the others), or undefined. */
export function findNewArtifact(sc: StepContext, glob: ArtifactGlob, snapshot: Readonly<Record<string, number>>): {file: string; warning?: string} | undefined {
	const files = newMatches(glob.pattern, snapshot).filter((file) => glob.base === undefined || insideBase(glob.base, file));
	const [file, ...others] = files;
	if (!file) return undefined;
	return others.length > 0 ? {file, warning: `${others.length + 1} new files matched ${sc.step.config.type === 'prompt' ? (sc.step.config.artifact_glob ?? '') : ''}; took the newest`} : {file};
}

/** Stores an artifact: its text as `<name>.json` (a JSON string) and `<name>.raw`, under the step id and the artifact name. */
export function storeArtifact(sc: StepContext, step: PromptStepConfig, file: string): string {
	const text = readFileSync(file, 'utf8');
	const names = [...new Set([step.artifact_name!, ...(step.id ? [step.id] : [])])];
	sc.saveOutput(names, {kind: 'artifact', text});
	return path.join(sc.outputsDir, `${step.artifact_name}.raw`);
}

/**
 * Artifact-polling mode (reference §8.3 step 7): waits for a new matching file — for interactive
 * skills that wait on a human — until the deadline. If the agent exits, a file already there is
 * still taken.
 */
export async function pollArtifact(sc: StepContext, step: PromptStepConfig, glob: ArtifactGlob, snapshot: Readonly<Record<string, number>>, timeoutMs: number): Promise<{ok: boolean; timedOut: boolean; message: string}> {
	const started = Date.now();
	for (;;) {
		const found = findNewArtifact(sc, glob, snapshot);
		if (found) {
			storeArtifact(sc, step, found.file);
			const seconds = Math.round((Date.now() - started) / 1000);
			return {ok: true, timedOut: false, message: `captured ${found.file} via polling after ${seconds}s${found.warning ? ` (${found.warning})` : ''}`};
		}
		if (!(await isRunning(sc.ctx, step.agent))) return {ok: false, timedOut: false, message: `agent "${step.agent}" exited before writing an artifact matching ${step.artifact_glob}`};
		if (Date.now() - started >= timeoutMs) return {ok: false, timedOut: true, message: `no artifact matching ${step.artifact_glob} after ${Math.round(timeoutMs / 1000)}s`};
		await delay(1000);
	}
}
