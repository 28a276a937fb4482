import type {NativeSignal} from '../state/combine.js';
import type {HookImplication} from '../state/hook-signals.js';
import type {ScreenRule} from '../state/screen-rules.js';

/** Built-in runtime ids (as written in `tutti.toml`), plus `custom` for CLIs declared there. */
export const runtimeIds = ['claude-code', 'codex', 'gemini-cli', 'aider', 'openclaw', 'qwen-code', 'opencode', 'copilot', 'custom', 'demo'] as const;
export type RuntimeId = (typeof runtimeIds)[number];

/** Other spellings people use for the same runtimes. */
export const runtimeAliases: Readonly<Record<string, RuntimeId>> = {
	claude: 'claude-code',
	'claude_code': 'claude-code',
	gemini: 'gemini-cli',
	qwen: 'qwen-code',
	'copilot-cli': 'copilot',
	'github-copilot': 'copilot',
};

export function normalizeRuntime(name: string): RuntimeId | undefined {
	const lower = name.trim().toLowerCase();
	if ((runtimeIds as readonly string[]).includes(lower)) return lower as RuntimeId;
	return runtimeAliases[lower];
}

export type LaunchMode = 'safe' | 'auto' | 'unattended';
export type LaunchPolicy = 'constrained' | 'bypass';

/** How a launch enforces the permission policy (reference §4.1). */
export type Enforcement = 'prompt' | 'bypass' | 'unsupported' | 'hard' | 'hard_shim';

export type LaunchContext = {
	agent: string;
	workspace: string;
	/** Project root (directory holding tutti.toml). */
	root: string;
	/** Where the CLI runs: the agent's worktree, or the project root. */
	workdir: string;
	/** `<root>/.tutti/state`, for files tutti owns (settings, shims). */
	stateDir: string;
	mode: LaunchMode;
	policy: LaunchPolicy;
	/** Initial prompt from `[[agent]].prompt` (memory already folded in). */
	prompt: string | undefined;
	/** Extra arguments from `[[agent]].args`. */
	extraArgs: readonly string[];
	/**
	 * Command override: `[[agent]].command` (required for `custom`) or a compatible profile's
	 * command. A string is the user's own shell text and runs through `sh -c`; an array is argv.
	 */
	command: string | readonly string[] | undefined;
	/** Allow rules from the global `[permissions]` table. */
	permissions: readonly string[] | undefined;
	/** Absolute path of the running `tt` entry (for hooks and helpers the CLI calls back). */
	tuttiBin: string;
	/** Absolute path of the node binary running tutti. */
	nodeBin: string;
	/**
	 * Which conversation to open, for CLIs that declare `session`. Absent: a plain new launch.
	 * On `resume` the initial prompt is left out (the conversation already has it).
	 */
	conversation?: ConversationLaunch;
};

/**
 * A new conversation (with the id tutti chose, for CLIs that take one) or the resumption of a
 * recorded one.
 */
export type ConversationLaunch = {kind: 'new'; id: string | undefined} | {kind: 'resume'; id: string};

/** Where a CLI keeps a session, or why it cannot be shown to belong to the agent. */
export type SessionLookup = {found: true; file: string} | {found: false; reason: string};

/**
 * How a CLI names and continues its conversations, declared per adapter (issue #13). The core
 * decides resume or new from these; the adapter's `launch` turns `LaunchContext.conversation`
 * into its own flags.
 */
export type SessionSupport = {
	/** The folder the CLI keeps its sessions under, from the agent's environment (e.g. `$CODEX_HOME`). */
	configDir(where: {root: string; env: Readonly<Record<string, string>>}): string;
	/** Finds session `id` in `configDir` and checks it was held in `workdir`. */
	verify(query: {id: string; workdir: string; configDir: string}): SessionLookup;
} & (
	| {
			/** tutti chooses the id and passes it at start (Claude Code's `--session-id`): known the moment the CLI starts. */
			identity: 'assigned';
			newId(): string;
	  }
	| {
			/** The CLI chooses the id; tutti reads it from the CLI's files once they are written. */
			identity: 'captured';
			/** Ids of the sessions the CLI started in `workdir` at or after `since`, as its files say, newest first. */
			capture(query: {workdir: string; configDir: string; since: string}): string[];
	  }
);

export type LaunchFile = {path: string; content: string; mode?: number};

export type LaunchSpec = {
	/** argv of the pane's command; argv[0] is looked up on PATH. */
	argv: string[];
	/** Environment added for this agent (on top of the caller's). */
	env: Record<string, string>;
	/** Files tutti writes before launch (settings, shims); paths are absolute. */
	files: LaunchFile[];
	enforcement: Enforcement;
	/** Notes for the user (printed by `tt up`). */
	warnings: string[];
};

/** How a prompt is typed into the CLI. */
export type SubmitSpec = {
	/** Number of Enter presses after a multi-line (bracketed) paste. Codex needs 2. */
	multiLineEnters: number;
	/** Delay between paste and Enter, in ms; some TUIs need a beat to take the paste in. */
	enterDelayMs: number;
	/**
	 * Paste one-line prompts as a bracketed paste too. For CLIs whose key handlers read input
	 * state that lags behind fast typing: Gemini CLI opens its shortcuts help on a `?` that
	 * arrives before it has rendered the text typed just ahead of it, swallowing the `?`.
	 */
	bracketSingleLine: boolean;
};

/** Where a CLI's status file is looked for: the agent's environment and working directory. */
export type StatusFileQuery = {env: Readonly<Record<string, string | undefined>>; workdir: string};

/**
 * The signals a CLI gives besides its screen (native-signals.md), declared by its adapter so core
 * reads every CLI the same way. Absent parts: the CLI has no such signal (or tutti does not use it).
 */
export type NativeSignalSupport = {
	/** What one of the CLI's hooks means (`tt hook <runtime> <event>`, payload from stdin); undefined: nothing. */
	hookState?(event: string, payload: Readonly<Record<string, unknown>>): HookImplication | undefined;
	/** The state the CLI writes to a status file of its own, for the agent's working directory. */
	statusFile?(query: StatusFileQuery): NativeSignal | undefined;
};

/**
 * One approval dialog of a CLI and the keys that answer it, as tmux key names (`tt approve`,
 * `tt deny`, the API, `tt watch` and the dashboard). `pattern` must match a row only the live
 * dialog draws — with its approving option still selected where Enter approves — so keys are
 * only ever sent to a dialog they were verified against (a question or a trust dialog looks
 * different and is left to a person).
 */
export type DialogAnswer = {
	/** Stable id, recorded in the `agent.answered` event (`claude-code/answer.permission`). */
	id: string;
	/** Regular expression source, tested against each of the last `rows` non-empty screen rows. */
	pattern: string;
	/** RegExp flags for `pattern` (`i` for the patterns custom runtimes declare in tutti.toml). @default '' */
	flags?: string;
	rows: number;
	/** Keys that allow the action once (never "always allow"). */
	approve: readonly string[];
	/** Keys that decline it. */
	deny: readonly string[];
};

export type AgentAdapter = {
	id: RuntimeId;
	displayName: string;
	/** Default binary on PATH (what `tt doctor` checks). */
	binary: string;
	/** npm package or install hint shown when the binary is missing. */
	installHint: string;
	launch(context: LaunchContext): LaunchSpec;
	submit: SubmitSpec;
	/** Text typed to leave the CLI politely (before tutti kills the session). */
	exitCommand: string | undefined;
	/** Screen rules, evaluated on the live region only. */
	screenRules: readonly ScreenRule[];
	/**
	 * Context window in tokens for a model name, as this CLI counts it (context health; `tt usage`,
	 * the TUI and the dashboard all take it from here). `contextTokens`, when known, is what the
	 * latest reply held: more than a window allows names the larger variant. Undefined: unknown.
	 */
	contextWindow(model: string | undefined, contextTokens?: number): number | undefined;
	/** Session identity and resume; absent when the CLI has no id tutti can resume by. */
	session?: SessionSupport;
	/** Hooks and status files the CLI offers; absent when it has none. */
	signals?: NativeSignalSupport;
	/**
	 * Files, in the session config dir (`session.configDir`), that the CLI rewrites when a person
	 * signs in again: a change means a lost login was renewed (`[resilience] auth_strategy`).
	 * Absent when the login lives where tutti cannot see it (a keychain, environment variables).
	 */
	loginFiles?: readonly string[];
	/**
	 * A simulated agent (the built-in demo): it signs in to nothing and has no approval settings,
	 * so account profiles and permission rules do not apply to it (`tt doctor` says so).
	 */
	simulated?: true;
	/**
	 * The approval dialogs tutti can answer without attaching. Absent for CLIs whose keys are not
	 * known from their recorded screens: approving there refuses rather than guessing.
	 */
	answers?: readonly DialogAnswer[];
	/**
	 * Where the CLI's input box shows what is typed. The mailbox reads it so a message never lands
	 * on a person's half-typed input. Absent: tutti cannot see a draft.
	 */
	inputBox?: InputBox;
	/**
	 * How long an idle screen must hold after working before idle is reported, when only the screen
	 * says so (a native end-of-turn signal needs none): the CLI's own gaps mid-turn decide it, as
	 * measured by bench/live-truth.ts (tool turns included). @default 1000
	 */
	idleDebounceMs?: number;
	/**
	 * tmux key names that stop a turn in progress and leave the CLI at its prompt (Escape for most),
	 * for a message sent with `interrupt` (`tt mcp`'s send_message). Absent: it is never interrupted.
	 */
	interruptKeys?: readonly string[];
	/** How the CLI is given tutti's MCP server (`tt mcp`) at launch. Absent: it has no MCP client (it only receives messages). */
	mcp?: McpSupport;
};

export type InputBox = {
	/** A row of the box: the first group is the text on it. */
	pattern: string;
	flags?: string;
	/** The box is among the last `rows` non-empty rows of the screen. */
	rows: number;
	/**
	 * The box's edges (`────` above and below): only rows between the last two rows matching this
	 * count, so a prompt echoed in the transcript above it never reads as a draft.
	 */
	border?: string;
	/**
	 * Only the lowest row matching `pattern` is the box (a CLI without edges whose transcript
	 * echoes prompts with the same glyph, one row above).
	 */
	lowest?: boolean;
	/** What an empty box shows (its placeholder, the CLI's own status line in the box): no draft. */
	empty?: string;
};

/**
 * How a CLI takes an extra MCP server for one launch without tutti writing the user's files
 * (issue #21), as data; `core/mcp/launch.ts` renders it for the agent's `tt mcp` command.
 */
export type McpSupport =
	/**
	 * A flag naming a generated JSON file `{"mcpServers": {"tutti": …}}` (Claude Code
	 * `--mcp-config <file>`, Copilot CLI `--additional-mcp-config @<file>`). `type` is the
	 * server's transport word in that CLI's format; `prefix` goes before the path.
	 */
	| {via: 'flag-file'; flag: string; prefix?: string; type: 'stdio' | 'local'; extra?: Record<string, unknown>}
	/** `-c mcp_servers.tutti.<key>=<TOML>` overrides (Codex); the secret reaches the server through `env_vars`, never argv. */
	| {via: 'config-overrides'; flag: string; table: string}
	/**
	 * An environment variable naming a generated settings file the CLI merges over its others:
	 * Gemini CLI and Qwen Code read their system settings there (`mcpServers`), opencode a config
	 * file (`mcp`).
	 */
	| {
			via: 'env-file';
			env: string;
			format: 'gemini-settings' | 'opencode';
			/** The CLI skips the file when a folder above it is writable by others (Gemini CLI, Qwen Code): tutti warns at launch. */
			needsPrivateParents?: true;
	  };
