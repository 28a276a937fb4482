import {existsSync, mkdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {expandConfigEnv} from '../agents/env.js';
import type {CommandStepConfig} from '../config/index.js';
import {findAgent} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {pidAlive} from '../process/owner.js';
import {signalGroup} from '../process/runner.js';
import {checkCommand} from '../policy/match.js';
import {recordCommandDecision} from '../policy/log.js';
import {resolveInside, resolveStepPath} from './safe-path.js';
import type {StepContext} from './step-context.js';
import {renderOutputs} from './template.js';
import type {StepOutcome} from './types.js';
import {worktreePath} from '../workspace/paths.js';

/**
 * Runs the user's shell text in the background of a small `sh` that records its pid, its output
 * and its exit status in files. The command thus outlives a killed tutti process, and a resumed
 * run adopts its result (or waits for it) instead of running it twice. The wrapper leads a
 * process group (see RunOptions.group), so TERM (the step timeout) reaches the command and all
 * it started; the trap passes TERM on when only the wrapper gets it.
 */
const wrapper = [
	'd=$1',
	`printf '%s' "$$" > "$d/pid.tmp" && mv -f "$d/pid.tmp" "$d/pid"`,
	'sh -c "$2" > "$d/out" 2> "$d/err" < /dev/null &',
	'c=$!',
	`trap 'kill -TERM "$c" 2>/dev/null' TERM INT HUP`,
	'wait "$c"; s=$?',
	'while kill -0 "$c" 2>/dev/null; do wait "$c"; s=$?; done',
	`printf '%s' "$s" > "$d/exit.tmp" && mv -f "$d/exit.tmp" "$d/exit"`,
	'exit "$s"',
].join('\n');

type AttemptEnd = {exitCode: number | null; timedOut: boolean; stdout: string; stderr: string};

const maxCaptured = 64 * 1024;

function readTail(file: string): string {
	if (!existsSync(file)) return '';
	const text = readFileSync(file, 'utf8');
	return text.length > maxCaptured ? `[… ${text.length - maxCaptured} characters cut …]\n${text.slice(-maxCaptured)}` : text;
}

function attemptResult(dir: string, timedOut: boolean): AttemptEnd {
	const exit = existsSync(path.join(dir, 'exit')) ? Number(readFileSync(path.join(dir, 'exit'), 'utf8')) : null;
	return {exitCode: Number.isFinite(exit) ? exit : null, timedOut, stdout: readTail(path.join(dir, 'out')), stderr: readTail(path.join(dir, 'err'))};
}

/** The command's directory: the project root or the agent's worktree, then `subdir` (reference §8.1). */
export function commandCwd(sc: StepContext, step: CommandStepConfig): string {
	let base = sc.ctx.root;
	if (step.cwd === 'agent_worktree') {
		if (step.agent === undefined) throw new TuttiError('ERR_CONFIG_INVALID', `${sc.label}: cwd = "agent_worktree" needs an agent`, {hint: 'Set `agent` on the step, or run the workflow with --agent <name>.'});
		findAgent(sc.ctx.config, step.agent);
		base = worktreePath(sc.ctx.root, step.agent);
		if (!existsSync(base)) throw new TuttiError('ERR_WORKTREE_MISSING', `${sc.label}: agent "${step.agent}" has no worktree at ${base}`, {hint: `Start it once with \`tt up ${step.agent}\` (or add an ensure_running step before this one).`});
	}
	if (step.subdir === undefined) return base;
	const dir = resolveInside(base, step.subdir, `${sc.label}: subdir`);
	if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TuttiError('ERR_STATE', `${sc.label}: subdir ${step.subdir} does not exist in ${base}`, {hint: 'Create it or fix `subdir`.'});
	return dir;
}

/** Waits for a command left running by a process that died, up to the rest of its timeout. */
async function adoptOrphan(dir: string, startedAt: number, timeoutMs: number): Promise<AttemptEnd | undefined> {
	const pidFile = path.join(dir, 'pid');
	const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN;
	let killed = false;
	for (;;) {
		if (existsSync(path.join(dir, 'exit'))) return attemptResult(dir, killed);
		if (!Number.isInteger(pid) || !pidAlive(pid)) return undefined;
		if (!killed && Date.now() - startedAt > timeoutMs) {
			// The wrapper leads the command's process group; one started before it did has no group.
			if (!signalGroup(pid, 'SIGTERM')) process.kill(pid, 'SIGTERM');
			killed = true;
		}
		await delay(200);
	}
}

/**
 * A `command` step: `sh -c <run>` with output values shell-quoted, in the resolved directory,
 * with the step timeout, checked against `[permissions]`, retried with exponential backoff
 * (`[resilience] retry_*` of the global config). A command that finished is never run again by
 * `--resume`; one still running is waited for.
 */
export async function runCommandStep(sc: StepContext): Promise<StepOutcome> {
	const step = sc.step.config as CommandStepConfig;
	const command = renderOutputs(step.run, sc.run.outputs, {shell: true, where: `${sc.label}: run`});
	const cwd = commandCwd(sc, step);
	const rules = sc.ctx.services.global.permissions?.allow;
	const decision = checkCommand(command, rules);
	// With a policy, every command a workflow runs (or is refused) is on the policy log.
	if (rules !== undefined) recordCommandDecision(sc.ctx, {action: 'workflow_command', command, decision, configured: true, agent: step.agent, data: {run_id: sc.run.runId, step_index: sc.step.index}});
	if (!decision.allowed) {
		const why = decision.blocked === command.trim() || decision.blocked === undefined ? '' : `: ${decision.blocked.includes(' cannot ') ? decision.blocked : `'${decision.blocked}' is not allowed`}`;
		return {ok: false, message: `command blocked by permissions policy: '${command}'${why} (hint: add allow rule '${decision.suggested}')`};
	}
	const resilience = sc.ctx.services.global.resilience;
	const maxAttempts = Math.max(1, resilience.retry_max_attempts);
	const timeoutMs = step.timeout_secs * 1000;
	const env = commandEnv(sc, step);
	// A step that failed and is resumed gets a fresh retry budget; an interrupted one continues.
	const previous = sc.previous === 'failed' ? undefined : sc.effect('command');
	let failures = Number(previous?.data['failures'] ?? 0);
	let last: AttemptEnd | undefined;
	let attempts = 0;

	if (previous?.state === 'intent') {
		// A process died while this command ran: adopt its result, or wait for it to finish.
		const dir = String(previous.data['dir']);
		last = await adoptOrphan(dir, Date.parse(String(previous.data['started_at'])), timeoutMs);
		if (last) failures = record(sc, previous.data['attempt'] as number, dir, last, failures);
	} else if (previous?.state === 'done' && previous.data['exit_code'] === 0) {
		last = attemptResult(String(previous.data['dir']), false);
	}
	while (!(last && last.exitCode === 0) && failures < maxAttempts) {
		if (failures > 0) await delay(Math.min(resilience.retry_initial_backoff_ms * 2 ** (failures - 1), resilience.retry_max_backoff_ms));
		const attempt = sc.ledger.startAttempt(sc.run.runId, sc.step.index, {command, cwd});
		const dir = path.join(sc.stepDir, `attempt-${attempt}`);
		mkdirSync(dir, {recursive: true});
		sc.mark('command', 'intent', {attempt, dir, started_at: new Date().toISOString(), failures});
		// In a process group of its own, so the timeout ends all the command started, not just its shell.
		const result = await sc.ctx.services.runner.run('sh', ['-c', wrapper, 'tutti-step', dir, command], {cwd, env, extendEnv: false, timeoutMs, reject: false, group: true});
		sc.crash('effect');
		attempts++;
		last = attemptResult(dir, result.timedOut);
		if (last.exitCode === null && !result.timedOut) last = {...last, exitCode: result.exitCode, stderr: last.stderr || result.stderr};
		failures = record(sc, attempt, dir, last, failures);
	}
	const end = last!;
	const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const base = {exitCode: end.exitCode, timedOut: end.timedOut, stdout: end.stdout, stderr: end.stderr, attempts: Math.max(attempts, 1)};
	if (end.timedOut) return {...base, ok: false, message: `command timed out after ${step.timeout_secs}s: ${command}${suffix}`};
	if (end.exitCode !== 0) return {...base, ok: false, message: `command failed (exit ${end.exitCode ?? '?'}): ${command}${suffix}`};
	if (step.id !== undefined && step.output_json !== undefined) {
		const what = `${sc.label}: output_json`;
		const file = resolveStepPath(sc.ctx.root, cwd, renderOutputs(step.output_json, sc.run.outputs, {where: what}), what).file;
		try {
			sc.saveOutput([step.id], {kind: 'json', value: JSON.parse(readFileSync(file, 'utf8'))});
		} catch (error) {
			return {...base, ok: false, message: `output_json ${path.relative(sc.ctx.root, file)}: ${(error as Error).message}`};
		}
	}
	return {...base, ok: true, message: `command succeeded${suffix}`};
}

/** Records an attempt's end; returns the failure count so far. */
function record(sc: StepContext, attempt: number, dir: string, end: AttemptEnd, failures: number): number {
	const ok = end.exitCode === 0 && !end.timedOut;
	const count = ok ? failures : failures + 1;
	sc.ledger.endAttempt(sc.run.runId, sc.step.index, attempt, ok ? 'success' : 'failed', {exit_code: end.exitCode, timed_out: end.timedOut});
	sc.mark('command', 'done', {attempt, dir, exit_code: end.exitCode, timed_out: end.timedOut, failures: count});
	return count;
}

function commandEnv(sc: StepContext, step: CommandStepConfig): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(sc.ctx.services.env)) if (value !== undefined) env[key] = value;
	Object.assign(env, expandConfigEnv(sc.ctx.config.workspace.env ?? {}));
	if (step.agent) {
		const agent = sc.ctx.config.agent.find((candidate) => candidate.name === step.agent);
		if (agent) Object.assign(env, expandConfigEnv(agent.env ?? {}));
		env['TUTTI_AGENT'] = step.agent;
	}
	return {...env, ...sc.run.env, TUTTI_ROOT: sc.ctx.root, TUTTI_WORKSPACE: sc.ctx.name, TUTTI_RUN_ID: sc.run.runId, TUTTI_WORKFLOW: sc.run.workflowName, TUTTI_STEP: String(sc.step.number)};
}
