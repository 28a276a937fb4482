import path from 'node:path';
import type {LaunchContext, LaunchFile} from '../../core/agents/adapter.js';
import {pathPrependEnv} from './launch.js';
import {policyAppendix, shellRules} from './permissions.js';
import {shimFiles} from './shims.js';

/** What a shim-enforced (`hard_shim`) launch adds: files, env and the prompt appendix. */
export type ShimLaunch = {env: Record<string, string>; files: LaunchFile[]; appendix: string};

/**
 * Shims for codex / aider / openclaw constrained launches (reference §4.1, §11.2). `tt up`
 * prepends `env.TUTTI_PATH_PREPEND` to the agent's PATH (LaunchSpec env is added on top of the
 * caller's env, so the adapter cannot compute PATH itself without reading process.env).
 * `SHELL` also points at the `sh` shim: aider (and other tools) run commands through `$SHELL`
 * by absolute path, which a PATH shim alone would never see.
 */
export function shimLaunch(context: LaunchContext, runtime: string, rules: readonly string[], implied: readonly string[] = []): ShimLaunch {
	const shell = shellRules(rules);
	// `implied` rules (codex: `apply_patch *`) are added unless a rule for that program exists.
	for (const rule of implied) {
		const program = rule.split(' ')[0] ?? rule;
		if (!shell.some((existing) => existing.startsWith(program))) shell.push(rule);
	}
	const {dir, files} = shimFiles(context, shell);
	return {
		env: {[pathPrependEnv]: dir, SHELL: path.join(dir, 'sh')},
		files,
		appendix: policyAppendix(runtime, shell),
	};
}
