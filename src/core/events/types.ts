import type {ConversationOutcome} from '../agents/conversation.js';
import type {StopReason} from '../agents/stop-record.js';
import type {AgentState} from '../state/types.js';

/** What the recorder did to bring an agent back (see CrashRestarts and WaitRecovery). */
export type RecoveryStrategy = 'crash_restart' | 'wait_for_reset' | 'provider_wait' | 'rotate_profile' | 'login_restart';

/** How a dialog is answered: allowed once, or declined. */
export type DialogAnswerChoice = 'approve' | 'deny';

/** A state change, written by `Store.recordState` as `agent.<state>`. */
export type StateChangeData = {from: string | null; to: AgentState; source: string; rule: string | null; detail: string | null; [extra: string]: unknown};

/** What a budget event says: which cap (`key`, the tutti.toml key that sets it), how full, before which action. */
export type BudgetEventData = {action: string; scope: 'workspace' | 'agent'; unit: 'tokens' | 'usd'; used: number; cap: number; pct: number; key: string; week_start: string; week_end: string};

/** What every `message.*` event says: which message, from whom (its recipient is the event's agent). */
export type MessageEventData = {id: number; from: string};

/** Context a workflow adds to the events of its steps. */
type InRun = {run_id?: string; step_index?: number};

/** The fields every `workflow.*` event carries; the rest is documented in core/workflow/README.md. */
export type WorkflowEventData = {run_id: string; workflow_name: string; [field: string]: unknown};

/**
 * Every event tutti writes: name → payload. The store persists each with a monotonic id (the
 * SSE id); the stream sends them unchanged; the TUI ticker, the dashboard and `tt run` read them.
 * Emitting an event not listed here, or with another payload, does not compile.
 */
export type TuttiEventMap = {
	/** `conversation`: whether the CLI resumed its recorded conversation or began a new one (and why). */
	'agent.started': {runtime: string; session_name: string; worktree: string | null; branch: string | null; conversation?: ConversationOutcome; profile?: string | null};
	/** The id a CLI chose for its conversation, found in its files after the launch (Codex). */
	'agent.session_recorded': {runtime: string; session_id: string};
	/** The state change; a stop tutti made itself also says why and which session (see recordStop). */
	'agent.stopped': StateChangeData & {reason?: StopReason; session_name?: string; run_id?: string};
	/** `messages`: the mailbox rows this prompt delivered (core/messages), the evidence a recovery looks for. */
	'agent.prompt_sent': {chars: number; lines: number; neutralized: number; messages?: number[]} & InRun;
	'agent.review_requested': {reviewer: string; packet: string} & InRun;
	/** A dialog answered from outside (`tt approve`/`tt deny`, the API, `tt watch`): `rule` is the adapter's dialog answer that matched, `keys` what was pressed. */
	'agent.answered': {answer: DialogAnswerChoice; rule: string; keys: string[]};
	/** `queue`: landed by the merge queue (`tt land --queue`), replayed on the latest target and verified first. */
	'agent.landed': {branch: string; target: string; landed: string[]; pr: string | null; queue?: boolean} & InRun;
	/** The merge queue gave the agent its work back (a conflict, a failing verify, red required checks, unresolved review threads); `delivered`: the prompt reached the agent. */
	'agent.land_sent_back': {branch: string; target: string; reason: 'conflict' | 'verify' | 'checks' | 'threads'; files: string[]; detail: string; delivered: boolean} & InRun;
	'agent.worktree_missing': {path: string; problem: string};
	/** A persistent agent's CLI crashed: it is started again after `delay_ms` (see CrashRestarts). */
	/** …or is out of quota (`wait_for_reset`: typed `continue` at `resume_at`), or its provider is down (`provider_wait`: see fleet.*). */
	/** …or moves to another account profile of its provider (`rotate_profile`, `from_profile` → `to_profile`). */
	'agent.recovery_attempted': {strategy: RecoveryStrategy; trigger: string; attempt: number; delay_ms: number; resume_at?: string; from_profile?: string; to_profile?: string};
	'agent.recovery_succeeded': {strategy: RecoveryStrategy; attempt: number; conversation: string | null};
	'agent.recovery_failed': {strategy: RecoveryStrategy; attempt: number; error: string};
	/** Agents of one CLI whose provider is down wait together; one goes on first at `resume_at`. */
	'fleet.paused': {runtime: string; agents: string[]; attempt: number; delay_ms: number; resume_at: string};
	/** The agent sent first got through: the others were told to go on. */
	'fleet.resumed': {runtime: string; agents: string[]; attempt: number};
	/** Stopped to free its memory after `idle_ms` idle (at least `after_ms`): by `tt down --idle` (`manual`) or the recorder's `[resources] hibernate_idle_after` (`auto`). Its conversation resumes on the next start. */
	'agent.hibernated': {idle_ms: number; after_ms: number; trigger: 'manual' | 'auto'};
	/** A person saw the news about these agents: opened one up close (`focus`), or acknowledged it (`ack`) in any surface. */
	'notice.read': {agents: string[]; by: string};
	/** Its processes held more than its `memory_max` in two samples running: the recorder stopped it (the `agent.stopped` that follows says `memory_max`). */
	'agent.memory_exceeded': {rss_bytes: number; memory_max: number};
	/** Crashed too often too quickly: no more automatic restarts until someone starts it. */
	'agent.parked': {reason: string; failures: number; hint: string};
	/** A `[budget]` cap at or past `warn_threshold_pct` before an action (`over_cap`: past the cap, in warn mode). */
	'budget.threshold': BudgetEventData & {over_cap: boolean};
	/** A `[budget]` cap reached in enforce mode: the action was refused. */
	'budget.blocked': BudgetEventData;
	/** A handoff packet written (`reason`: manual, auto_ctx_threshold, auth_failed, …); `ctx_pct` null when unknown. */
	'handoff.generated': {packet: string; reason: string; ctx_pct: number | null};
	/** A packet typed into the agent; `replaced`: into a fresh session that replaced the old one. */
	'handoff.applied': {packet: string; session_name: string; replaced: boolean; runtime?: string; from_runtime?: string};
	/** Agents' work collides (`kind`: a real conflict between two worktrees, with the target branch, or a lockfile/manifest both changed); once per new collision. */
	'conflict.detected': {kind: 'conflict' | 'manifest' | 'target'; agents: string[]; files: string[]; target: string};
	/** A workflow run (`claim_heartbeat`) could not renew the issue claim it held: the lease may be someone else's now. */
	'issue_claim.lost': {run_id: string; issue_key: string; message: string};
	/** A message stored for delivery (`agent`: its recipient); `from` an agent of the workspace or `human`. */
	'message.queued': MessageEventData & {reply_to: number | null; chars: number};
	/** A message waits for its recipient's turn boundary (`reason`: its state, `dialog`, `draft`); once per new reason. */
	'message.held': MessageEventData & {reason: string};
	/** A message typed into its recipient's CLI and submitted (`batch`: the ids delivered in the same prompt; `evidence` after a recovery). */
	'message.delivered': MessageEventData & {batch: number[]; attempts: number; evidence: string};
	/** A message given up on (`reason`: attempts spent, the recipient removed from tutti.toml). */
	'message.dead': MessageEventData & {reason: string; attempts: number};
	/** A `[[host]]` stopped answering over ssh (`error`: what ssh said); its `agents` read `unreachable` and keep running there. Once per outage. */
	'host.unreachable': {host: string; ssh: string; error: string; agents: string[]};
	/** The host answers again after `down_ms`; its agents' streams attach again and say their state. */
	'host.reachable': {host: string; ssh: string; down_ms: number; agents: string[]};
	/** An agent asked tutti's MCP server (`tt mcp`) to send (`agent`: the sender, bound at launch): what was stored, or why it was refused; `interrupted`: recipients whose turn was stopped for it. */
	'mcp.send': {to: string[]; ids: number[]; outcome: 'stored' | 'repeated' | 'refused'; reason: string | null; key: string | null; mode: 'queue' | 'interrupt'; interrupted: string[]};
	'webhook.received': {source: string; event: string; matched: number; outcome: unknown};
	'workflow.started': WorkflowEventData;
	'workflow.completed': WorkflowEventData;
	'workflow.failed': WorkflowEventData;
	'workflow.step.started': WorkflowEventData;
	'workflow.step.completed': WorkflowEventData;
	'workflow.step.warning': WorkflowEventData;
	'workflow.step.failed': WorkflowEventData;
} & {[State in Exclude<AgentState, 'stopped'> as `agent.${State}`]: StateChangeData};

export type TuttiEventName = keyof TuttiEventMap;

/** Events a workflow step emits for its agent (the run and step are added by the step context). */
export type StepEventName = 'agent.prompt_sent' | 'agent.review_requested' | 'agent.landed';
