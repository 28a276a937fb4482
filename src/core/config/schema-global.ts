import * as z from 'zod';
import {label, nonEmpty, port, TMUX_SOCKET} from './rules.js';
import {WatchSchema} from './schema-workspace.js';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

/** `monday`…`sunday` or `mon`…`sun`, any case, normalised to the full lower-case name. */
const weekday = z.string().transform((value, context): Weekday => {
	const lower = value.trim().toLowerCase();
	const day = weekdays.find((name) => name === lower || name.slice(0, 3) === lower);
	if (day === undefined) {
		context.issues.push({code: 'custom', message: 'expected a day of the week', input: value, params: {allowed: weekdays}});
		return z.NEVER;
	}
	return day;
});

export const ProfileSchema = z.object({
	name: label,
	/** e.g. `anthropic`, `openai`; profiles of the same provider rotate together. */
	provider: nonEmpty,
	/** The command launched instead of the runtime's default binary (for compatible runtimes). */
	command: nonEmpty,
	/** Environment that selects the account (tutti addition), e.g. `{CLAUDE_CONFIG_DIR = "~/.claude-work"}` or `{CODEX_HOME = "~/.codex-b"}`; a leading `~` is your home. */
	env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).optional(),
	max_concurrent: z.number().int().positive().optional(),
	monthly_budget: z.number().nonnegative().optional(),
	/** Rotation order, lowest first; unset sorts last. */
	priority: z.number().int().nonnegative().optional(),
	plan: z.enum(['free', 'pro', 'max', 'team', 'api']).optional(),
	/** Start of the weekly usage window (00:00 UTC). @default 'monday' */
	reset_day: weekday.default('monday'),
	/** Capacity ceiling in estimated compute-hours per week. */
	weekly_hours: z.number().positive().optional(),
});

/**
 * An ssh destination ssh itself accepts: `user@host`, `host`, or `ssh://[user@]host[:port]`. Never
 * one starting with `-`, which ssh would read as an option (`-oProxyCommand=…` runs a command).
 */
const sshDestination = z
	.string()
	.regex(/^(?:ssh:\/\/(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?|(?!-)(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]))$/, 'expected an ssh destination: "user@host", "host" or "ssh://user@host:port" (not starting with "-")');

/** A machine agents can run on, reached over ssh (tutti addition; `host = "<name>"` on an agent). */
export const HostSchema = z.object({
	/** What agents and `tt hosts` call it. */
	name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'expected a name of letters, digits, "-" and "_" that starts with a letter or digit'),
	/** The ssh destination: `user@host`, `host` (an alias of your ~/.ssh/config works) or `ssh://user@host:port`. */
	ssh: sshDestination,
	/** Extra ssh arguments, each its own string, e.g. `["-i", "~/.ssh/agents", "-o", "UserKnownHostsFile=~/.ssh/known_agents"]`. @default [] */
	ssh_options: z.array(z.string()).default(() => []),
	/** The `tt` entry script on the host (agents that call back into tutti, e.g. the demo agent). Unset: the same path as here. */
	tutti: nonEmpty.optional(),
	/** tutti's tmux socket on the host (`tmux -L`). Unset: the same name as here (`[tmux] socket`, TUTTI_TMUX_SOCKET). */
	tmux_socket: z.string().regex(TMUX_SOCKET, 'expected a socket name of letters, digits, ".", "_" and "-"').optional(),
	/** Folder on the host for tutti's repositories, worktrees and logs; relative paths start at the ssh user's home. @default '.tutti-remote' */
	root: nonEmpty.default('.tutti-remote'),
});

export const RegisteredWorkspaceSchema = z.object({
	name: nonEmpty,
	/** Absolute path of the project root. */
	path: nonEmpty,
});

export const ResilienceSchema = z.object({
	/** `wait` (default): agents of one CLI wait out the outage together, one goes on first, then the rest; `off` leaves them. The reference's `rotate…` values also turn on launch-time profile rotation, and wait at run time. */
	provider_down_strategy: z.string().optional(),
	/** `wait` (default): wait for the reset time the CLI printed (or a growing cooldown), then type `continue`; `off` leaves the agent. At most 8 automatic resumes per agent per day. `rotate` (the reference's `rotate…` values): launch-time profile rotation, and at run time a limited (or logged-out) agent moves to the next profile of its provider with room, its conversation resumed or handed over as a packet; with no profile left it waits. */
	rate_limit_strategy: z.string().optional(),
	/** A CLI that lost its login (tutti addition). `restart` (default): once you sign in again (the CLI's login file changes), an agent still showing the lost login is restarted in its conversation; `off` leaves it to you. With a `rotate` strategy above, a logged-out agent first moves to another profile with room. */
	auth_strategy: z.enum(['restart', 'off'], {error: 'auth_strategy is "restart" (the default: restart an agent in its conversation once you sign in again) or "off"'}).optional(),
	/** @default false */
	save_state_on_failure: z.boolean().default(false),
	/** Attempts for command steps; 1 = no retry. @default 1 */
	retry_max_attempts: z.number().int().min(1).default(1),
	/** @default 500 */
	retry_initial_backoff_ms: z.number().int().nonnegative().default(500),
	/** @default 5000 */
	retry_max_backoff_ms: z.number().int().nonnegative().default(5000),
});

/** Where the recorder (tt watch, tt serve) tells you an agent needs you, or a workflow ended (tutti addition). */
export const NotifySchema = z.object({
	/** A desktop notification (`notify-send` on Linux, `osascript` on macOS). @default false */
	desktop: z.boolean().default(false),
	/** POSTed a JSON body `{title, body, workspace, agent, kind, event_id, at}`. */
	webhook: z.url({protocol: /^https?$/}).optional(),
	/** An ntfy topic URL (e.g. `https://ntfy.sh/my-agents`): POSTed the text with a Title header, for your phone. */
	ntfy: z.url({protocol: /^https?$/}).optional(),
	/** `tt watch` rings the terminal (bell, OSC 9 / OSC 777) when an agent starts needing you, as with `--bell` (`--no-bell` turns it off for one run). @default false */
	terminal: z.boolean().default(false),
	/** How long the same kind of news about one agent stays quiet after it was sent, seconds. @default 60 */
	quiet_secs: z.number().int().nonnegative().default(60),
});

/** The global `~/.config/tutti/config.toml` (or `$XDG_CONFIG_HOME/tutti/config.toml`). */
export const GlobalConfigSchema = z.object({
	user: z.object({name: z.string().optional()}).optional(),
	profile: z.array(ProfileSchema).default(() => []),
	/** Machines agents can run on over ssh (tutti addition). @default [] */
	host: z
		.array(HostSchema)
		.default(() => [])
		// Agents name their host: two entries with one name would make `host = "…"` mean either.
		.superRefine((hosts, context) => {
			hosts.forEach((host, index) => {
				if (hosts.findIndex((other) => other.name === host.name) !== index) context.addIssue({code: 'custom', message: `another [[host]] is already named "${host.name}"; give each a name of its own`, path: [index, 'name']});
			});
		}),
	registered_workspace: z.array(RegisteredWorkspaceSchema).default(() => []),
	dashboard: z
		.object({
			/** @default 4040 */
			port: port.default(4040),
			/** @default false */
			show_all_workspaces: z.boolean().default(false),
		})
		.prefault({}),
	resilience: ResilienceSchema.prefault({}),
	notify: NotifySchema.prefault({}),
	/** Unset: no policy (everything allowed). Present, even empty: only `allow` rules pass. */
	permissions: z.object({allow: z.array(z.string()).default(() => [])}).optional(),
	serve: z
		.object({
			/** @default '127.0.0.1' */
			bind: nonEmpty.default('127.0.0.1'),
			/** @default 'none' */
			auth: z.enum(['none', 'bearer']).default('none'),
		})
		.prefault({}),
	remote: z
		.array(
			z.object({
				name: label,
				host: nonEmpty,
				/** @default 4040 */
				port: port.default(4040),
				token: z.string().optional(),
			}),
		)
		.default(() => []),
	/** tmux server tutti uses (tutti addition). */
	tmux: z
		.object({
			/** Socket name passed as `tmux -L <socket>`. @default 'tutti' */
			socket: z.string().regex(TMUX_SOCKET, 'expected a socket name of letters, digits, ".", "_" and "-"').default('tutti'),
		})
		.prefault({}),
	watch: WatchSchema.prefault({}),
});

export type GlobalConfig = z.infer<typeof GlobalConfigSchema>;
export type HostConfig = z.infer<typeof HostSchema>;
export type ProfileConfig = z.infer<typeof ProfileSchema>;
export type RegisteredWorkspaceConfig = z.infer<typeof RegisteredWorkspaceSchema>;
export type ResilienceConfig = z.infer<typeof ResilienceSchema>;
export type NotifyConfig = z.infer<typeof NotifySchema>;
