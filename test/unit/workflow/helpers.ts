import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {createCore} from '../../../src/cli/core.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {GlobalConfigSchema, parseWorkspaceConfig} from '../../../src/core/config/index.js';
import type {StoredEvent} from '../../../src/core/store/store.js';
import {makeTempDir, uniqueSocket} from '../../helpers/sandbox.js';

/**
 * A workspace for engine tests without agents: a temp project with this tutti.toml (no git, no
 * tmux server is started unless a step needs an agent). `global` is the global config (retries,
 * permissions).
 */
export function commandWorkspace(toml: string, options: {global?: Record<string, unknown>; env?: NodeJS.ProcessEnv; dir?: string} = {}) {
	const temp = options.dir ? {dir: options.dir, cleanup: () => undefined} : makeTempDir('tutti-wf-');
	const root = temp.dir;
	writeFileSync(path.join(root, 'tutti.toml'), toml);
	const services = createCore({env: {...process.env, ...options.env}, socket: uniqueSocket('wf'), tmuxConf: '/dev/null', tuttiBin: path.join(root, 'tt.js'), global: GlobalConfigSchema.parse(options.global ?? {})});
	const contexts: WorkspaceContext[] = [];
	let parsed: ReturnType<typeof parseWorkspaceConfig>;
	const open = () => {
		const ctx = new WorkspaceContext({root, path: path.join(root, 'tutti.toml'), config: parsed.config, warnings: parsed.warnings}, services);
		contexts.push(ctx);
		return ctx;
	};
	let ctx: WorkspaceContext;
	try {
		parsed = parseWorkspaceConfig(toml);
		ctx = open();
	} catch (error) {
		// Tests of invalid configs expect this throw; the caller never gets a cleanup() to call.
		temp.cleanup();
		throw error;
	}
	return {
		ctx,
		root,
		services,
		/** A second context on the same project and store file (as another process would have). */
		open,
		events: (prefix = 'workflow.'): StoredEvent[] => ctx.store.eventsAfter(0, {limit: 10_000}).filter((event) => event.event.startsWith(prefix)),
		cleanup: () => {
			for (const context of contexts) context.close();
			temp.cleanup();
		},
	};
}

/** `[workspace]` plus the given body. */
export const workspace = (body: string, name = 'wf-test') => `[workspace]\nname = "${name}"\n\n${body}`;

/** TOML of one `[[workflow]]` with the given step bodies. */
export function workflowToml(name: string, steps: string[], extra = ''): string {
	return `[[workflow]]\nname = "${name}"\n${extra}${steps.map((step) => `[[workflow.step]]\n${step}\n`).join('\n')}`;
}

/** A command step body. */
export const cmd = (run: string, more = '') => `type = "command"\nrun = ${JSON.stringify(run)}\n${more}`;
