import {builtinAdapterRegistry, customScreenRules} from '../adapters/index.js';
import {customDialogAnswers} from '../adapters/custom/index.js';
import type {Services} from '../core/agents/context.js';
import type {GlobalConfig} from '../core/config/index.js';
import {defaultRunner, type Runner} from '../core/process/runner.js';
import {Tmux} from '../core/tmux/client.js';
import {ensureTmuxConf} from '../core/tmux/tmux-conf.js';

export type CoreOptions = {
	/** The environment agents inherit (and where tutti's private files live: HOME, XDG dirs). */
	env: NodeJS.ProcessEnv;
	/** tutti's tmux server socket name. */
	socket: string;
	/** Absolute path of the `tt` entry script (hooks, shims and the demo agent are found beside it). */
	tuttiBin: string;
	/** The global config; an empty one when not given (see createCore). */
	global?: GlobalConfig;
	/** How external programs run; tests may script tmux with their own. */
	runner?: Runner;
	/** tmux's config file; tutti's private one (written under `env`'s runtime dir) when not given. */
	tmuxConf?: string;
	nodeBin?: string;
};

/**
 * The one place the process-wide services are wired: every adapter, tmux on tutti's socket, and the
 * custom runtimes' rules and answers from config. The CLI calls it with the global config its fast
 * loader read; everyone else goes through createCore. This module must not import zod (nor the
 * config barrel's values): every `tt` command loads it, and a cached config spares one-shot
 * commands the validator.
 */
export function wireCore(options: CoreOptions & {global: GlobalConfig}): Services {
	const runner = options.runner ?? defaultRunner;
	return {
		runner,
		tmux: new Tmux(runner, options.socket, options.tmuxConf ?? ensureTmuxConf(options.env)),
		adapters: builtinAdapterRegistry(),
		global: options.global,
		env: options.env,
		tuttiBin: options.tuttiBin,
		nodeBin: options.nodeBin ?? process.execPath,
		customRules: (agent) => customScreenRules(agent.screen),
		customAnswers: (agent) => customDialogAnswers(agent.answers),
	};
}
