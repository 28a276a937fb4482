import type {AgentConfig, TuttiConfig} from '../config/index.js';

/**
 * Variables never handed to an agent: tmux's own (the agent is inside tutti's server, not the
 * caller's), terminal geometry (the pane has its own), and Claude Code's nesting markers (set when
 * tt itself runs inside Claude Code; they would make the agent refuse to start).
 */
const dropped = new Set(['TMUX', 'TMUX_PANE', 'TERM', 'TERM_PROGRAM', 'TERM_PROGRAM_VERSION', 'COLUMNS', 'LINES', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CLAUDE_CODE_SSE_PORT', 'PWD', 'OLDPWD', 'SHLVL', '_']);

function usable(key: string, value: string | undefined): value is string {
	return value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !dropped.has(key.toUpperCase()) && !/^CLAUDECODE$/i.test(key);
}

/** `[workspace.env]` / `[agent.env]` with `git_name`/`git_email` expanded to git's identity variables. */
export function expandConfigEnv(table: Readonly<Record<string, string>>): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(table)) {
		if (key === 'git_name') {
			env['GIT_AUTHOR_NAME'] = value;
			env['GIT_COMMITTER_NAME'] = value;
		} else if (key === 'git_email') {
			env['GIT_AUTHOR_EMAIL'] = value;
			env['GIT_COMMITTER_EMAIL'] = value;
		} else if (usable(key, value)) {
			env[key] = value;
		}
	}
	return env;
}

/**
 * The environment of an agent's pane: the caller's environment (so the CLI sees the user's PATH,
 * keys and settings, whichever process started tutti's tmux server), then the workspace's and the
 * agent's `env` tables, then what the adapter adds. `TUTTI_PATH_PREPEND` (policy shims) goes in
 * front of PATH.
 */
export function agentEnvironment(
	caller: NodeJS.ProcessEnv,
	config: TuttiConfig,
	agent: AgentConfig,
	adapterEnv: Readonly<Record<string, string>>,
	/** The account profile's environment (`CLAUDE_CONFIG_DIR`, …): tutti.toml's env still wins. */
	profileEnv: Readonly<Record<string, string>> = {},
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(caller)) if (usable(key, value)) env[key] = value;
	Object.assign(env, expandConfigEnv(profileEnv), expandConfigEnv(config.workspace.env ?? {}), expandConfigEnv(agent.env ?? {}));
	for (const [key, value] of Object.entries(adapterEnv)) {
		if (key === 'TUTTI_PATH_PREPEND' || key === 'TUTTI_DEFERRED_PROMPT' || key === 'TUTTI_DEFERRED_PROMPT_FILE') continue;
		env[key] = value;
	}
	const prepend = adapterEnv['TUTTI_PATH_PREPEND'];
	if (prepend) env['PATH'] = env['PATH'] ? `${prepend}:${env['PATH']}` : prepend;
	return env;
}
