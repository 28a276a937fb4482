/**
 * The built-in `tt init` templates, embedded so the bundled `tt` works without the `templates/`
 * folder. These strings are the source of truth: `templates/*.toml` are copies for people to
 * read and fork, and test/unit/init/builtin-templates.test.ts fails when they drift
 * (`TUTTI_UPDATE_TEMPLATES=1 npx vitest run test/unit/init` rewrites them).
 *
 * Format (reference §11.6): a `[template]` table, the separator line, then the config body in
 * which `{{project_name}}` is replaced (inside TOML basic strings only).
 */

import {conductorTemplate} from './conductor-template.js';

export const minimalTemplate = `[template]
name = "minimal"
version = "1.0.0"
description = "Two Claude Code agents, backend and frontend, each in its own git worktree."
detect = []
detect_all = []

[template.roles.backend]
default_runtime = "claude-code"
description = "Server code under src/api/"

[template.roles.frontend]
default_runtime = "claude-code"
description = "Client code under src/app/"

# ── config below ──

[workspace]
name = "{{project_name}}"
description = "{{project_name}}: backend and frontend agents"

[defaults]
worktree = true
runtime = "claude-code"

[roles]
backend = "claude-code"
frontend = "claude-code"

[[agent]]
name = "backend"
role = "backend"
scope = "src/api/**"
prompt = "You are the backend engineer of {{project_name}}. Work under src/api/, keep the tests green, and commit each finished change."

[[agent]]
name = "frontend"
role = "frontend"
scope = "src/app/**"
prompt = "You are the frontend engineer of {{project_name}}. Work under src/app/, keep the tests green, and commit each finished change."

# A first workflow to adapt: both agents report where they stand (in parallel), then the
# project's state is printed. Run it with: tt run check
[[workflow]]
name = "check"
description = "Ask each agent where it stands, then show the project's git status"

[[workflow.step]]
type = "ensure_running"
agent = "backend"

[[workflow.step]]
type = "ensure_running"
agent = "frontend"

[[workflow.step]]
type = "prompt"
agent = "backend"
text = "Summarize what you changed and what is left, in three lines."
wait_for_idle = true
depends_on = [1]

[[workflow.step]]
type = "prompt"
agent = "frontend"
text = "Summarize what you changed and what is left, in three lines."
wait_for_idle = true
depends_on = [2]

[[workflow.step]]
type = "command"
run = "git status --short"
depends_on = [3, 4]
`;

export const rustCliTemplate = `[template]
name = "rust-cli"
version = "1.0.0"
description = "A Rust binary crate: implementer, tester and reviewer, and a verify workflow (cargo test + clippy)."
detect = []
detect_all = ["Cargo.toml", "src/main.rs"]

[template.roles.implementer]
default_runtime = "claude-code"
description = "Writes the code"

[template.roles.tester]
default_runtime = "claude-code"
description = "Writes and runs the tests"

[template.roles.reviewer]
default_runtime = "claude-code"
description = "Reviews diffs before they land"

# ── config below ──

[workspace]
name = "{{project_name}}"
description = "{{project_name}}: a Rust command-line tool"

[defaults]
worktree = true
runtime = "claude-code"

[roles]
implementer = "claude-code"
tester = "claude-code"
reviewer = "claude-code"

[[agent]]
name = "implementer"
role = "implementer"
scope = "src/**"
prompt = "You implement features and fixes in this Rust CLI. Run cargo test and cargo clippy before each commit."

[[agent]]
name = "tester"
role = "tester"
scope = "tests/**"
depends_on = ["implementer"]
prompt = "You write integration tests under tests/ for this Rust CLI and report failures precisely."

[[agent]]
name = "reviewer"
role = "reviewer"
prompt = "You review diffs for correctness, error handling and clippy cleanliness. Be specific."

[[workflow]]
name = "verify"
description = "cargo test and cargo clippy must pass"

[[workflow.step]]
type = "command"
id = "test"
run = "cargo test --quiet"
timeout_secs = 600
fail_mode = "closed"

[[workflow.step]]
type = "command"
id = "clippy"
run = "cargo clippy -- -D warnings"
timeout_secs = 300
fail_mode = "closed"
`;

export const gstackStartupTemplate = `[template]
name = "gstack-startup"
version = "1.0.0"
description = "An SDLC team driven by gstack skills: planner, implementer, tester, reviewer (Codex) and docs-release."
detect = ["Cargo.toml"]
detect_all = []

[template.roles.planner]
default_runtime = "claude-code"
description = "Runs /office-hours and /plan-eng-review, ships with /ship"

[template.roles.implementer]
default_runtime = "claude-code"
description = "Implements the design"

[template.roles.tester]
default_runtime = "claude-code"
description = "QA with /review"

[template.roles.reviewer]
default_runtime = "codex"
description = "Independent code review on another model"

[template.roles.docs-release]
default_runtime = "claude-code"
description = "Docs and release notes"

# ── config below ──

[workspace]
name = "{{project_name}}"
description = "{{project_name}}: gstack SDLC team"

[defaults]
worktree = true

[roles]
planner = "claude-code"
implementer = "claude-code"
tester = "claude-code"
reviewer = "codex"
docs-release = "claude-code"

[[agent]]
name = "planner"
role = "planner"
scope = "docs/**"

[[agent]]
name = "implementer"
role = "implementer"

[[agent]]
name = "tester"
role = "tester"

[[agent]]
name = "reviewer"
role = "reviewer"

[[agent]]
name = "docs-release"
role = "docs-release"

[[workflow]]
name = "sdlc-gstack"
description = "design → engineering review → implement → validate → QA → ship (needs gstack installed for Claude Code)"

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
type = "prompt"
id = "design"
agent = "planner"
text = "/office-hours"
artifact_glob = "~/.gstack/projects/{slug}/*-design-*.md"
artifact_name = "design_doc"
wait_timeout_secs = 3600

[[workflow.step]]
type = "prompt"
id = "eng_review"
agent = "planner"
text = "/plan-eng-review"
artifact_glob = "~/.gstack/projects/{slug}/*-test-plan-*.md"
artifact_name = "test_plan"
wait_timeout_secs = 3600

[[workflow.step]]
type = "prompt"
id = "implement_code"
agent = "implementer"
text = "Implement the design in {{output.design.path}} and satisfy the test plan in {{output.eng_review.path}}. Commit when the tests pass."
inject_files = ["{{output.design.path}}", "{{output.eng_review.path}}"]
wait_for_idle = true
wait_timeout_secs = 7200
startup_grace_secs = 120

[[workflow.step]]
type = "command"
id = "validate"
agent = "implementer"
cwd = "agent_worktree"
run = "cargo test --quiet"
fail_mode = "closed"

[[workflow.step]]
type = "prompt"
id = "qa"
agent = "tester"
text = "/review"
wait_for_idle = true

[[workflow.step]]
type = "prompt"
id = "ship"
agent = "planner"
text = "/ship"
wait_for_idle = true
`;

export const demoTemplate = `[template]
name = "demo"
version = "1.0.0"
description = "Three simulated demo agents (no AI CLI or API key needed) and a ship workflow; used by tt demo."
detect = []
detect_all = []

[template.roles.planner]
default_runtime = "demo"
description = "Writes the plan"

[template.roles.implementer]
default_runtime = "demo"
description = "Writes the code"

[template.roles.tester]
default_runtime = "demo"
description = "Writes the tests and reviews"

# ── config below ──

[workspace]
name = "{{project_name}}"
description = "{{project_name}}: a tutti demo team on the built-in demo agent"

# The demo agents commit in their worktrees; this identity makes that work on a machine without
# a git identity of its own.
[workspace.env]
git_name = "tutti demo agent"
git_email = "demo-agent@tutti.invalid"

[defaults]
worktree = true
runtime = "demo"

[roles]
planner = "demo"
implementer = "demo"
tester = "demo"

[[agent]]
name = "planner"
role = "planner"
scope = "PLAN.md"

[[agent]]
name = "implementer"
role = "implementer"
scope = "src/**"

[[agent]]
name = "tester"
role = "tester"
scope = "test/**"

[[workflow]]
name = "ship"
description = "plan → implement → test → review → land, on the demo agents"

[[workflow.step]]
type = "prompt"
id = "plan"
agent = "planner"
text = "write PLAN.md 1. add greet(name) in src/greet.js  2. test it in test/greet.test.js  3. land both"
wait_for_idle = true
wait_timeout_secs = 120

[[workflow.step]]
type = "prompt"
id = "plan_commit"
agent = "planner"
text = "commit plan: outline the greeting feature"
wait_for_idle = true
wait_timeout_secs = 120

[[workflow.step]]
type = "prompt"
id = "implement"
agent = "implementer"
text = "write src/greet.js export const greet = (name) => \`Hello, \${name}!\`;"
wait_for_idle = true
wait_timeout_secs = 120

[[workflow.step]]
type = "prompt"
id = "implement_commit"
agent = "implementer"
text = "commit feat: add greet()"
wait_for_idle = true
wait_timeout_secs = 120

[[workflow.step]]
type = "command"
id = "last_commit"
agent = "implementer"
cwd = "agent_worktree"
run = "git log --oneline -1"

[[workflow.step]]
type = "prompt"
id = "test"
agent = "tester"
text = "write test/greet.test.js import {greet} from '../src/greet.js'; if (greet('Ada') !== 'Hello, Ada!') throw new Error('greet is wrong');"
wait_for_idle = true
wait_timeout_secs = 120

[[workflow.step]]
type = "prompt"
id = "test_commit"
agent = "tester"
text = "commit test: cover greet()"
wait_for_idle = true
wait_timeout_secs = 120

[[workflow.step]]
type = "review"
agent = "implementer"
reviewer = "tester"

[[workflow.step]]
type = "land"
agent = "planner"

[[workflow.step]]
type = "land"
agent = "implementer"

[[workflow.step]]
type = "land"
agent = "tester"
`;

/** Built-in templates by name, in the order `tt init --help` lists them. */
export const builtinTemplateTexts: Readonly<Record<string, string>> = {
	minimal: minimalTemplate,
	'rust-cli': rustCliTemplate,
	'gstack-startup': gstackStartupTemplate,
	demo: demoTemplate,
	conductor: conductorTemplate,
};
