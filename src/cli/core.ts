import {builtinAdapterRegistry, customScreenRules} from '../adapters/index.js';
import {customDialogAnswers} from '../adapters/custom/index.js';
import type {Services} from '../core/agents/context.js';
import {GlobalConfigSchema, type GlobalConfig} from '../core/config/index.js';
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
	/** The global config; an empty one when not given. */
	global?: GlobalConfig;
	/** How external programs run; tests may script tmux with their own. */
	runner?: Runner;
	/** tmux's config file; tutti's private one (written under `env`'s runtime dir) when not given. */
	tmuxConf?: string;
	nodeBin?: string;
};

/**
 * The one place the process-wide services are wired: every adapter, tmux on tutti's socket, and the
 * custom runtimes' rules and answers from config. The CLI, the tests and the benches all build
 * their core here, so none of them runs with wiring the others lack.
 */
export function createCore(options: CoreOptions): Services {
	const runner = options.runner ?? defaultRunner;
	return {
		runner,
		tmux: new Tmux(runner, options.socket, options.tmuxConf ?? ensureTmuxConf(options.env)),
		adapters: builtinAdapterRegistry(),
		global: options.global ?? GlobalConfigSchema.parse({}),
		env: options.env,
		tuttiBin: options.tuttiBin,
		nodeBin: options.nodeBin ?? process.execPath,
		customRules: (agent) => customScreenRules(agent.screen),
		customAnswers: (agent) => customDialogAnswers(agent.answers),
	};
}
