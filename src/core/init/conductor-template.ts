/**
 * The `conductor` template (a builtin, see builtin-templates.ts): one planning agent hands work to
 * two implementers through tutti's mailbox and MCP tools, waits for them, and reads their answers.
 * The implementers may only write to the conductor (and a person), so a loop between two
 * implementers cannot start; the `[messages]` limits stop any other.
 */
export const conductorTemplate = `[template]
name = "conductor"
version = "1.0.0"
description = "A conductor agent plans and hands work to two implementers over tutti's mailbox (tt mcp tools), waits for them and reads their answers."
detect = []
detect_all = []

[template.roles.conductor]
default_runtime = "claude-code"
description = "Plans, hands out one task per implementer, waits, reviews the answers"

[template.roles.implementer]
default_runtime = "claude-code"
description = "Does the task the conductor sends, then answers it"

# ── config below ──

[workspace]
name = "{{project_name}}"
description = "{{project_name}}: a conductor and two implementers"

[defaults]
worktree = true
runtime = "claude-code"

[roles]
conductor = "claude-code"
implementer = "claude-code"

[[agent]]
name = "conductor"
role = "conductor"
prompt = "You are the conductor of {{project_name}}. You plan; you do not edit code. Use tutti's tools: list_agents shows your team (impl-a, impl-b) and their states; send_message hands each implementer one task at a time (say which files it owns so their work does not overlap, and what done means); wait_for waits until they are idle or have answered your message (call it again while it says reached: false); read_output and read_inbox show what they said. When both have answered, check their work with git in your worktree and tell the human (send_message to human) what landed and what is left."

[agent.mcp]
peers = ["impl-a", "impl-b"]

[[agent]]
name = "impl-a"
role = "implementer"
prompt = "You are an implementer in {{project_name}}. Tasks come from the conductor as [message N from conductor via tutti] lines: do the task in your worktree, commit it, then answer with send_message to conductor, reply_to N, saying what you changed and how you tested it. Touch only the files the task names."

[agent.mcp]
tools = ["list_agents", "send_message", "message_status", "read_inbox"]
peers = ["conductor"]

[[agent]]
name = "impl-b"
role = "implementer"
prompt = "You are an implementer in {{project_name}}. Tasks come from the conductor as [message N from conductor via tutti] lines: do the task in your worktree, commit it, then answer with send_message to conductor, reply_to N, saying what you changed and how you tested it. Touch only the files the task names."

[agent.mcp]
tools = ["list_agents", "send_message", "message_status", "read_inbox"]
peers = ["conductor"]
`;
