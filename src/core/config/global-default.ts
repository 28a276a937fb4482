/** The commented global config `tt init` creates when none exists. */
export function defaultGlobalConfigText(): string {
	return `# tutti global config: settings shared by every workspace.
# Created by \`tt init\`; \`tt init\` also registers workspaces here. Your comments are kept.

# [user]
# name = "Your Name"

# Subscription profiles (shared across workspaces)
# [[profile]]
# name = "claude-personal"
# provider = "anthropic"
# command = "claude"
# max_concurrent = 5
# plan = "max"                     # free | pro | max | team | api
# reset_day = "monday"             # start of the weekly usage window
# weekly_hours = 45.0              # capacity ceiling in compute-hours
# priority = 1                     # rotation order, lowest first

# Dashboard / API server
# [dashboard]
# port = 4040
# [serve]
# bind = "127.0.0.1"
# auth = "none"                    # none | bearer (required for any other bind)

# Out of quota or provider down: by default the recorder (tt watch, tt serve) waits - until the
# reset time the CLI printed, or one shared wait per CLI for an outage - then types "continue".
# "off" leaves the agent for you. "rotate" also starts agents on the next [[profile]] of the same
# provider when theirs is at max_concurrent, and moves an agent that runs out of quota (or loses
# its login) to that profile, with its conversation (waiting when no profile is left).
# [resilience]
# provider_down_strategy = "wait"  # wait | off
# rate_limit_strategy = "wait"     # wait | rotate | off
# auth_strategy = "restart"        # restart (once you sign in again) | off
# retry_max_attempts = 1           # command steps; 1 = no retry

# Command allowlist for constrained launches (opt-in; an empty list blocks everything)
# [permissions]
# allow = [
#   "git status",
#   "git diff",
#   "npm test",
#   "Read",                         # Claude tool names are allowed too
#   "Edit",
# ]

# tmux server used by tutti (tmux -L <socket>)
# [tmux]
# socket = "tutti"

# [watch]
# theme = "default"
`;
}
