import * as z from 'zod';
import {
	agentName,
	byteSize,
	duration,
	envTable,
	gitBranch,
	label,
	nonEmpty,
	positiveInt,
	port,
	projectPath,
	regexSource,
	runtime,
	tmuxKey,
	timezone,
	workspaceName,
} from './rules.js';
import {HookSchema, WebhookSchema, WorkflowSchema} from './schema-workflow.js';
import {allMcpTools} from '../mcp/settings.js';

export const WorkspaceSchema = z.object({
	/** The workspace's name: part of every tmux session name (`tt-<workspace>-<agent>`). */
	name: workspaceName,
	/** Free text shown by `tt workspaces`. */
	description: z.string().optional(),
	/** `git_name` / `git_email` become GIT_AUTHOR_* and GIT_COMMITTER_*; other keys are exported as-is. */
	env: envTable,
	auth: z
		.object({
			/** A `[[profile]]` of the global config whose command and limits agents use. */
			default_profile: nonEmpty.optional(),
		})
		.optional(),
	/** IANA time zone for cron schedules (tutti addition). Unset: the machine's local zone (tutti v0.8 used UTC). */
	timezone: timezone.optional(),
});

/**
 * `[defaults]`. When the table is present `worktree` defaults to true; when the whole table is
 * absent worktrees are off (tutti v0.8 behaviour, kept on purpose — see README.md).
 */
export const DefaultsSchema = z.object({
	/** Each agent works in its own git worktree (`.tutti/worktrees/<agent>`). True when `[defaults]` exists; without a `[defaults]` table worktrees are off. @default true */
	worktree: z.boolean().default(true),
	/** The runtime of agents that name none and whose role maps to none. */
	runtime: runtime.optional(),
	/** The `sandbox` of agents that set none (tutti addition). @default 'none' */
	sandbox: z.enum(['none', 'bwrap']).optional(),
	/** The `network` of sandboxed agents that set none (tutti addition). @default 'host' */
	network: z.enum(['host', 'none']).optional(),
	/** The `[[host]]` (global config) agents run on unless they name their own. Unset: this machine. */
	host: nonEmpty.optional(),
});

export const LaunchSchema = z.object({
	/** How much agents may do without asking: `safe` asks before every tool, `auto` runs what `[permissions] allow` allows, `unattended` never asks. @default 'auto' */
	mode: z.enum(['safe', 'auto', 'unattended']).default('auto'),
	/** `constrained` enforces the allow rules (CLI settings or PATH shims); `bypass` turns every check off. @default 'constrained' */
	policy: z.enum(['constrained', 'bypass']).default('constrained'),
});

/** Screen rules of a custom runtime: regex sources per state (tutti addition). */
export const ScreenRulesSchema = z.object({
	idle: z.array(regexSource).default(() => []),
	working: z.array(regexSource).default(() => []),
	needs_input: z.array(regexSource).default(() => []),
	auth_failed: z.array(regexSource).default(() => []),
	rate_limited: z.array(regexSource).default(() => []),
	provider_down: z.array(regexSource).default(() => []),
});

/**
 * Keys that answer one approval dialog of a custom runtime, so `tt approve`, `tt deny`, `Y`/`N` in
 * `tt watch` and the dashboard's buttons work for it as for the built-in CLIs (tutti addition).
 */
export const DialogAnswerSchema = z.object({
	/** A regular expression (case-insensitive) for a row of the dialog these keys answer, e.g. `pattern = '\[y/n\]\s*$'` (a TOML literal string keeps its backslashes). */
	pattern: regexSource,
	/** Keys that allow what the dialog asks, once: single characters or tmux key names (`y`, `1`, `Enter`, `Escape`, `C-c`), pressed in order. */
	approve: z.array(tmuxKey).min(1),
	/** Keys that decline it, as for `approve`. */
	deny: z.array(tmuxKey).min(1),
	/** How many of the screen's last non-empty rows the dialog spans: the pattern is looked for there, and the keys count as taken once those rows change. @default 6 */
	rows: z.number().int().min(1).max(50).default(6),
});

export const AgentMcpSchema = z.object({
	/** Give the agent's CLI tutti's MCP server at launch (`tt mcp`, bound to this agent; tutti addition). @default true */
	enabled: z.boolean().default(true),
	/** The tools it may call. @default every tool */
	tools: z.array(z.enum(allMcpTools)).default(() => [...allMcpTools]),
	/** The agents it may message, wait for and read the output of (`*`: every agent; `human` may always be messaged). @default ["*"] */
	peers: z.array(nonEmpty).default(() => ['*']),
});

export const AgentSchema = z.object({
	/** The agent's name (letters, digits, `-`, `_`): its session, worktree and branch are named after it. */
	name: agentName,
	/** Overrides `[roles]` and `[defaults] runtime`. */
	runtime: runtime.optional(),
	/** The `[[host]]` of the global config it runs on, over ssh (tutti addition). Unset: `[defaults] host`, else this machine. */
	host: nonEmpty.optional(),
	/** Its stage in the pipeline (`planner`, `implementer`, …): groups cards in `tt watch` and the dashboard, picks a runtime through `[roles]`. */
	role: nonEmpty.optional(),
	/** Glob of the agent's area (informational). */
	scope: z.string().optional(),
	/** Initial prompt given at launch. */
	prompt: z.string().optional(),
	/** Agents launched before this one. @default [] */
	depends_on: z.array(z.string()).default(() => []),
	/** Unset: `[defaults] worktree` (false when `[defaults]` is absent). */
	worktree: z.boolean().optional(),
	/** Reset the worktree to the project's HEAD on every start (refused while it holds unsaved work). @default false */
	fresh_worktree: z.boolean().default(false),
	/** Worktree branch. Unset: `tutti/<name>`. */
	branch: gitBranch.optional(),
	/** `bwrap`: the CLI runs in a bubblewrap sandbox — its worktree read-write, the rest of the repository and the system read-only, other agents' worktrees and `~/.ssh` hidden (tutti addition). Unset: `[defaults] sandbox`. */
	sandbox: z.enum(['none', 'bwrap']).optional(),
	/** With a sandbox: `none` gives the agent no network at all (a model API too — for CLIs talking to a local model over a socket, or offline work). Unset: `[defaults] network`. */
	network: z.enum(['host', 'none']).optional(),
	/** Most memory its processes may hold together (`4G`, `512M`; tutti addition). Unset: `[resources] memory_max`. Held by a systemd scope's MemoryMax where a user manager runs, else by the recorder (tt watch, tt serve), which stops it past the cap; `tt doctor` says which. */
	memory_max: byteSize.optional(),
	/** Keep it running: after the workflow that started it ends, and after its CLI crashes (the recorder — tt watch, tt serve — restarts it, resuming its conversation; parked after 3 quick crashes). @default false */
	persistent: z.boolean().default(false),
	/** Project-relative memory file folded into the prompt. */
	memory: projectPath.optional(),
	/** Variables exported to this agent only (on top of `[workspace.env]`). */
	env: envTable,
	/** The CLI to launch (tutti addition): shell text (run with `sh -c`) or an argv array. Required for `custom`. */
	command: z.union([nonEmpty, z.array(nonEmpty).min(1)]).optional(),
	/** Extra arguments appended to the launch (tutti addition). @default [] */
	args: z.array(z.string()).default(() => []),
	/** Screen rules for a custom CLI (tutti addition). */
	screen: ScreenRulesSchema.optional(),
	/** The keys that answer a custom CLI's approval dialogs, one table per dialog (tutti addition; the built-in runtimes declare their own). */
	answers: z.array(DialogAnswerSchema).optional(),
	/** Model name, informational (context window, usage grouping). */
	model: z.string().optional(),
	/** tutti's MCP server for this agent: which tools, which peers (tutti addition). */
	mcp: AgentMcpSchema.optional(),
});

export const ToolPackSchema = z.object({
	name: label,
	description: z.string().optional(),
	required_commands: z.array(nonEmpty).default(() => []),
	required_env: z.array(nonEmpty).default(() => []),
});

export const HandoffSchema = z.object({
	/** Write a handoff packet when a turn ends with an agent's context past the threshold (once per conversation; `tt watch`/`tt serve` record it). @default false */
	auto: z.boolean().default(false),
	/** Fraction of context remaining that triggers an automatic handoff (at round(100 − 100 × threshold) % used). @default 0.2 */
	threshold: z.number().gt(0).lt(1).default(0.2),
	/** Accepted for reference compatibility and not used: every packet carries every section. */
	include: z.array(z.string()).default(() => []),
});

export const ObserveSchema = z.object({
	/** @default false */
	dashboard: z.boolean().default(false),
	/** @default 4040 */
	port: port.default(4040),
	/** @default false */
	track_cost: z.boolean().default(false),
});

export const BudgetSchema = z.object({
	/** @default 'warn' */
	mode: z.enum(['warn', 'enforce']).default('warn'),
	/** @default 80 */
	warn_threshold_pct: z.number().gt(0).max(100).default(80),
	/** Tokens (input + output + cache reads + cache writes) the workspace's agents may use in the weekly window (from the default profile's `reset_day`). */
	workspace_weekly_tokens: positiveInt.optional(),
	/** Agent name → its weekly token cap. */
	agent_weekly_tokens: z.record(z.string(), positiveInt).default(() => ({})),
	/** Dollars per week for the workspace at list prices (tutti addition; models without a price count 0 — see `tt usage --windows`). */
	workspace_weekly_usd: z.number().positive().optional(),
	/** Agent name → its weekly cap in dollars at list prices (tutti addition). */
	agent_weekly_usd: z.record(z.string(), z.number().positive()).default(() => ({})),
});

export const ResourcesSchema = z.object({
	/** Stop agents that have been idle this long (`30m`, `2h`) to free their memory; `tt watch`/`tt serve` do it (persistent agents excepted), and the next `tt up` or `tt send --auto-up` resumes the conversation (tutti addition). Unset: never. */
	hibernate_idle_after: duration.optional(),
	/** Default `memory_max` of every agent (`4G`): an agent whose processes pass it is stopped (tutti addition). Unset: no cap. */
	memory_max: byteSize.optional(),
});

export const MessagesSchema = z.object({
	/** Largest message body in bytes (UTF-8); a longer one is refused with a hint to write it to a file and send the path (tutti addition). */
	max_body_bytes: positiveInt.default(4096),
	/** Messages one sender may send per minute, counted per recipient row; more are refused, which stops loops between agents (tutti addition). */
	per_sender_per_minute: positiveInt.default(30),
	/** The same body from the same sender to the same agent within this long is refused as a duplicate (`2m`, `30s`) (tutti addition). */
	dedupe_window: duration.default('2m'),
	/** A message claimed for delivery by a process that is still alive is looked at again after this long (`30s`): delivered if the agent shows it got it, else retried (tutti addition). */
	delivery_lease: duration.default('30s'),
	/** Attempts before an undeliverable message is marked dead (tutti addition). */
	max_attempts: positiveInt.default(5),
});

export const WatchSchema = z.object({
	/** Theme name for `tt watch` (tutti addition). */
	theme: nonEmpty.optional(),
});

/** The whole of `tutti.toml`, keys as written in TOML. */
export const TuttiConfigSchema = z.object({
	workspace: WorkspaceSchema,
	defaults: DefaultsSchema.default(() => ({worktree: false})),
	/** Role name → runtime. */
	roles: z.record(nonEmpty, runtime).default(() => ({})),
	launch: LaunchSchema.prefault({}),
	agent: z.array(AgentSchema).default(() => []),
	tool_pack: z.array(ToolPackSchema).default(() => []),
	workflow: z.array(WorkflowSchema).default(() => []),
	hook: z.array(HookSchema).default(() => []),
	handoff: HandoffSchema.prefault({}),
	observe: ObserveSchema.prefault({}),
	/** Unset: no budget guard. */
	budget: BudgetSchema.optional(),
	webhook: z.array(WebhookSchema).default(() => []),
	watch: WatchSchema.prefault({}),
	/** Memory and CPU of the agents (tutti addition). */
	resources: ResourcesSchema.prefault({}),
	/** The mailbox between agents: `tt msg` (tutti addition). */
	messages: MessagesSchema.prefault({}),
});

export type TuttiConfig = z.infer<typeof TuttiConfigSchema>;
export type WorkspaceConfig = z.infer<typeof WorkspaceSchema>;
export type DefaultsConfig = z.infer<typeof DefaultsSchema>;
export type LaunchConfig = z.infer<typeof LaunchSchema>;
export type AgentConfig = z.infer<typeof AgentSchema>;
export type ScreenRulesConfig = z.infer<typeof ScreenRulesSchema>;
export type DialogAnswerConfig = z.infer<typeof DialogAnswerSchema>;
export type ToolPackConfig = z.infer<typeof ToolPackSchema>;
export type HandoffConfig = z.infer<typeof HandoffSchema>;
export type ObserveConfig = z.infer<typeof ObserveSchema>;
export type BudgetConfig = z.infer<typeof BudgetSchema>;
export type WatchConfig = z.infer<typeof WatchSchema>;
export type ResourcesConfig = z.infer<typeof ResourcesSchema>;
export type MessagesConfig = z.infer<typeof MessagesSchema>;
export type AgentMcpConfig = z.infer<typeof AgentMcpSchema>;
