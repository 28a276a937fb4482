import type {CommitInfo, StatusEntry} from '../git/index.js';
import type {VerifySummary} from '../workflow/queries.js';
import {describePrompt} from './conversation-log.js';

/** Everything a packet says, gathered by `generateHandoff` (kept apart so rendering is pure). */
export type HandoffFacts = {
	workspace: string;
	agent: string;
	runtime: string;
	generated: Date;
	reason: string;
	/** Context window in use, percent; null when unknown. */
	ctxPct: number | null;
	workdir: string;
	branch: string | null;
	running: boolean;
	conversation: {file: string | undefined; sessionId: string | undefined; prompts: readonly string[]};
	changes: readonly StatusEntry[];
	/** Commits on the agent's branch whose change is not on the project's current branch. */
	unlanded: readonly CommitInfo[];
	/** The project's current branch, where the agent's work lands. */
	target: string;
	verify: VerifySummary | null;
	/** Last non-empty rows of the agent's screen (or recorded output when it is not running). */
	output: readonly string[];
	outputSource: 'screen' | 'log' | 'none';
};

/** Listed files and commits stop here; the counts say how many there were. */
export const listLimit = 25;
/** A prompt longer than this is cut (the log keeps it whole). */
export const promptLimit = 4000;

/** A fence longer than any backtick run inside `text`, so the block cannot end early. */
function fenced(text: string, lang = 'text'): string {
	const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
	const fence = '`'.repeat(longest + 1);
	return `${fence}${lang}\n${text}\n${fence}`;
}

function capped<T>(items: readonly T[], line: (item: T) => string, empty: string): string[] {
	if (items.length === 0) return [empty];
	const shown = items.slice(0, listLimit).map(line);
	if (items.length > listLimit) shown.push(`- … and ${items.length - listLimit} more`);
	return shown;
}

function taskSection(facts: HandoffFacts): string[] {
	const {prompts, file} = facts.conversation;
	const lines = ['## Task', ''];
	if (file === undefined) {
		lines.push(`(${facts.runtime} keeps no conversation log tutti can read: the task is not recorded here — read the recent output below.)`);
		return lines;
	}
	lines.push(`From the conversation log \`${file}\` (${prompts.length} prompt${prompts.length === 1 ? '' : 's'}).`, '');
	const first = prompts[0];
	const last = prompts.at(-1);
	if (first === undefined || last === undefined) {
		lines.push('(no prompt yet in this conversation)');
		return lines;
	}
	if (prompts.length === 1) {
		lines.push('### The prompt', '', fenced(describePrompt(first, promptLimit)));
		return lines;
	}
	lines.push('### First prompt', '', fenced(describePrompt(first, promptLimit)), '', '### Latest prompt', '', fenced(describePrompt(last, promptLimit)));
	return lines;
}

function verifyLine(verify: VerifySummary | null): string {
	if (!verify) return '(no `tt verify` recorded)';
	const outcome = verify.success ? 'passed' : `FAILED (steps ${verify.failed_steps.join(', ') || '?'})`;
	return `\`${verify.workflow_name}\` ${outcome} at ${verify.timestamp}${verify.agent_scope ? ` for ${verify.agent_scope}` : ''} (run ${verify.run_id}${verify.warnings > 0 ? `, ${verify.warnings} warning${verify.warnings === 1 ? '' : 's'}` : ''})`;
}

/** The packet's markdown. */
export function renderPacket(facts: HandoffFacts): string {
	const title = facts.reason === 'auth_failed' ? `# Emergency handoff: ${facts.agent}` : `# Handoff: ${facts.agent}`;
	const output = facts.output.length === 0 ? '(no recent output)' : fenced(facts.output.join('\n'));
	const outputFrom = facts.outputSource === 'screen' ? 'its screen' : facts.outputSource === 'log' ? 'its recorded output (it is not running)' : 'nothing (not running, no recorded output)';
	return [
		title,
		'',
		'## Metadata',
		'',
		`- Workspace: ${facts.workspace}`,
		`- Agent: ${facts.agent} (${facts.runtime}${facts.running ? '' : ', not running'})`,
		`- Generated: ${facts.generated.toISOString()}`,
		`- Trigger: ${facts.reason}`,
		`- Context used: ${facts.ctxPct === null ? '--' : `${facts.ctxPct}%`}`,
		`- Working directory: ${facts.workdir}${facts.branch ? ` (branch ${facts.branch})` : ''}`,
		...(facts.conversation.sessionId ? [`- Conversation: ${facts.conversation.sessionId}`] : []),
		'',
		...taskSection(facts),
		'',
		`## Changed Files (uncommitted, ${facts.changes.length})`,
		'',
		...capped(facts.changes, (entry) => `- \`${entry.code.trim() || '?'}\` ${entry.path}${entry.from ? ` (from ${entry.from})` : ''}`, '(none)'),
		'',
		`## Commits Not Yet Landed on ${facts.target} (${facts.unlanded.length})`,
		'',
		...capped(facts.unlanded, (commit) => `- ${commit.short} ${commit.subject}`, '(none)'),
		'',
		'## Verify Status',
		'',
		verifyLine(facts.verify),
		'',
		`## Recent Output (last ${facts.output.length} non-empty lines of ${outputFrom})`,
		'',
		output,
		'',
		'## Next Steps',
		'',
		`You are continuing ${facts.agent}'s work in ${facts.workdir}. Check the changed files and commits above against the task, restate the plan (what is done, what is left), then continue with the next unfinished step. Do not redo finished work; commit as you go.`,
		'',
	].join('\n');
}
