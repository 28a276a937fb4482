/** A tutti.toml using every table and key of reference §2.1 / §8.1, plus tutti's additions. */
export const FULL_CONFIG = `# template: gstack-startup 0.1.0
[workspace]
name = "acme"
description = "Full SDLC team"
timezone = "Europe/Paris"

[workspace.env]
git_name = "Acme Bot"
git_email = "bot@acme.test"
GITHUB_USER = "acme"

[workspace.auth]
default_profile = "claude-work"

[defaults]
worktree = true
runtime = "claude-code"

[roles]
planner = "claude-code"
implementer = "claude"
tester = "claude-code"
reviewer = "codex"
docs-release = "claude-code"

[launch]
mode = "unattended"
policy = "bypass"

[[agent]]
name = "planner"
role = "planner"
scope = "docs/**"
prompt = "You own planning and design."
persistent = true
memory = "docs/memory/planner.md"

[[agent]]
name = "implementer"
role = "implementer"
scope = "src/**"
prompt = "You own implementation."
fresh_worktree = true
branch = "feature/implementer"
model = "claude-opus-4"
args = ["--verbose"]

[agent.env]
RUST_LOG = "debug"

[[agent]]
name = "tester"
role = "tester"
depends_on = ["implementer"]
worktree = false

[[agent]]
name = "reviewer"
role = "reviewer"

[[agent]]
name = "docs-release"
role = "docs-release"

[[agent]]
name = "local-llm"
runtime = "custom"
command = ["my-agent", "--tui"]

[agent.screen]
idle = ["^> $"]
working = ["thinking\\\\.\\\\.\\\\."]
needs_input = ["\\\\(y/n\\\\)"]
auth_failed = ["please log in"]
rate_limited = ["slow down"]
provider_down = ["503"]

[[tool_pack]]
name = "analytics"
description = "BigQuery + jq"
required_commands = ["bq", "jq"]
required_env = ["GCP_PROJECT"]

[[workflow]]
name = "sdlc-gstack"
description = "gstack-style startup flow"
schedule = "0 9 * * MON-FRI"

[[workflow.step]]
type = "ensure_running"
agent = "planner"

[[workflow.step]]
type = "ensure_running"
agent = "implementer"

[[workflow.step]]
type = "ensure_running"
agent = "tester"

[[workflow.step]]
id = "design"
type = "prompt"
agent = "planner"
text = "/office-hours"
artifact_glob = "~/.gstack/projects/{slug}/*-design-*.md"
artifact_name = "design_doc"
wait_timeout_secs = 3600

[[workflow.step]]
id = "eng_review"
type = "prompt"
agent = "planner"
text = "/plan-eng-review {{output.design.path}}"
artifact_glob = "~/.gstack/projects/{slug}/*-test-plan-*.md"
artifact_name = "test_plan"

[[workflow.step]]
id = "implement_code"
type = "prompt"
agent = "implementer"
text = "Implement the design."
inject_files = ["{{output.design.path}}", "{{output.eng_review.path}}", "docs/CONTRIBUTING.md"]
output_json = ".tutti/out/implement.json"
wait_for_idle = true
wait_timeout_secs = 7200
startup_grace_secs = 120

[[workflow.step]]
id = "validate"
type = "command"
run = "cargo test --quiet"
cwd = "agent_worktree"
agent = "implementer"
subdir = "crates/core"
fail_mode = "closed"
timeout_secs = 1200

[[workflow.step]]
id = "qa"
type = "prompt"
agent = "tester"
text = "/review"

[[workflow.step]]
type = "review"
agent = "implementer"
reviewer = "reviewer"
depends_on = [8]

[[workflow.step]]
type = "workflow"
workflow = "verify"
strict = true
fail_mode = "open"

[[workflow.step]]
type = "land"
agent = "implementer"
pr = true
force = false
depends_on = [9, 10]

[[workflow]]
name = "verify"
description = "Run cargo test and clippy"

[[workflow.step]]
id = "test"
type = "command"
run = "cargo test --quiet"
cwd = "workspace"
fail_mode = "closed"
timeout_secs = 600

[[workflow.step]]
id = "clippy"
type = "command"
run = "cargo clippy -- -D warnings"
cwd = "workspace"
fail_mode = "closed"
timeout_secs = 300

[[hook]]
event = "agent_stop"
agent = "implementer"
workflow = "verify"
fail_mode = "open"

[[hook]]
event = "workflow_complete"
workflow_source = "run"
workflow_name = "sdlc-gstack"
run = "echo done"
timeout_secs = 60
fail_mode = "closed"

[handoff]
auto = true
threshold = 0.25
include = ["active_task", "file_changes"]

[observe]
dashboard = true
port = 4041
track_cost = true

[budget]
mode = "enforce"
warn_threshold_pct = 75.0
workspace_weekly_tokens = 5000000

[budget.agent_weekly_tokens]
implementer = 2000000

[[webhook]]
source = "github"
events = ["push", "pull_request"]
workflow = "verify"

[[webhook]]
source = "*"
agent = "planner"
prompt = "New event: {{event.action}}"

[watch]
theme = "dark"
`;

/** The smallest valid config plus whatever the test appends. */
export function minimal(extra = '', head = '[defaults]\nruntime = "claude-code"\n'): string {
	return `[workspace]\nname = "demo"\n\n${head}\n${extra}`;
}
