import {existsSync, mkdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {resolveInside, resolveStepPath} from './safe-path.js';
import type {StepContext} from './step-context.js';
import {isSinglePathTemplate, renderOutputs} from './template.js';

/** Where injected outputs land inside the agent's directory. */
export const injectedDir = path.join('.tutti', 'artifacts');

/**
 * Copies a prompt step's `inject_files` into the agent's directory before the prompt (reference
 * §8.3 step 3). An entry is either a path relative to the project (copied to the same relative
 * path in the agent's worktree) or exactly one `{{output.<id>.path}}` template (the engine's
 * copy of an output, placed at `.tutti/artifacts/<file>` in the agent's directory). Anything that
 * would read or write outside the project is refused. Returns, per injected output id, the path
 * of its copy relative to the agent's directory: the prompt text's template then points there.
 */
export function injectFiles(sc: StepContext, entries: readonly string[], workdir: string): Map<string, string> {
	const injected = new Map<string, string>();
	const what = `${sc.label}: inject_files`;
	for (const entry of entries) {
		const id = isSinglePathTemplate(entry);
		if (id !== undefined) {
			const source = resolveStepPath(sc.ctx.root, sc.ctx.root, renderOutputs(entry, sc.run.outputs, {where: what}).trim(), what).file;
			const relative = path.join(injectedDir, path.basename(source));
			copyInto(source, resolveInside(workdir, relative, what));
			injected.set(id, relative);
			continue;
		}
		if (entry.includes('{{')) {
			throw new TuttiError('ERR_PATH_ESCAPE', `${what}: ${JSON.stringify(entry)} mixes a template with a path`, {hint: 'Write either a project-relative path or a lone {{output.<id>.path}}.'});
		}
		const source = resolveInside(sc.ctx.root, entry, what);
		if (!existsSync(source) || !statSync(source).isFile()) {
			throw new TuttiError('ERR_STATE', `${what}: ${entry} does not exist in the project`, {hint: `Create ${entry} or remove it from inject_files.`});
		}
		const target = resolveInside(workdir, entry, what);
		if (path.resolve(target) !== path.resolve(source)) copyInto(source, target);
	}
	return injected;
}

function copyInto(source: string, target: string): void {
	mkdirSync(path.dirname(target), {recursive: true});
	// Atomic: the agent may be reading the previous copy.
	writeFileAtomic(target, readFileSync(source));
}
