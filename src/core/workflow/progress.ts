import {stepSummary} from './plan.js';
import type {Progress, StepStatus} from './types.js';

/** One step as a progress display shows it. */
export type ProgressRow = {
	number: number;
	type: string;
	agent: string | null;
	summary: string;
	state: 'pending' | 'running' | StepStatus | 'skipped';
	startedAt: number | undefined;
	durationMs: number | undefined;
	message: string;
};

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const glyphs: Record<ProgressRow['state'], string> = {pending: '·', running: '', success: '✓', warning: '!', failed: '✗', skipped: '↷'};

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${ms}ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
	return `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** Folds engine progress into rows (pure; the CLI draws them). */
export class ProgressModel {
	readonly rows = new Map<number, ProgressRow>();
	workflow = '';
	runId = '';
	total = 0;
	startedAt = Date.now();
	resumed = false;

	apply(progress: Progress, now = Date.now()): void {
		if (progress.kind === 'run') {
			this.workflow = progress.workflow;
			this.runId = progress.runId;
			this.total = progress.total;
			this.resumed = progress.resumed;
			this.startedAt = now;
			for (const index of progress.done) {
				this.rows.set(index + 1, {number: index + 1, type: '', agent: null, summary: 'done before the resume', state: 'skipped', startedAt: undefined, durationMs: undefined, message: ''});
			}
		} else if (progress.kind === 'step') {
			const {step} = progress;
			this.rows.set(step.number, {number: step.number, type: step.type, agent: step.agent ?? null, summary: stepSummary(step.config), state: 'running', startedAt: now, durationMs: undefined, message: ''});
		} else if (progress.kind === 'step-done') {
			const row = this.rows.get(progress.step.number);
			if (row) Object.assign(row, {state: progress.result.status, durationMs: progress.result.duration_ms, message: progress.result.message});
		}
	}

	running(): ProgressRow[] {
		return [...this.rows.values()].filter((row) => row.state === 'running').sort((a, b) => a.number - b.number);
	}
}

/** `✓ 3/11 prompt   implementer  2.1s  write src/greet.js …` — one line per step, spinner for running ones. */
export function progressLine(row: ProgressRow, total: number, options: {now: number; frame: number; width: number}): string {
	const glyph = row.state === 'running' ? (spinner[options.frame % spinner.length] ?? '⠋') : glyphs[row.state];
	const elapsed = row.state === 'running' && row.startedAt !== undefined ? options.now - row.startedAt : row.durationMs;
	const head = `${glyph} ${String(row.number).padStart(String(total).length)}/${total} ${row.type.padEnd(14)} ${(row.agent ?? '').padEnd(12)} ${elapsed === undefined ? '' : formatDuration(elapsed).padStart(7)}`;
	const tail = row.state === 'running' || row.state === 'success' ? row.summary : row.message || row.summary;
	const line = `${head}  ${tail.replace(/\s+/g, ' ')}`;
	return line.length > options.width ? `${line.slice(0, Math.max(10, options.width - 1))}…` : line;
}

/** Lines for the running steps, then a footer with the elapsed time of the run. */
export function progressLines(model: ProgressModel, options: {now: number; frame: number; width: number}): string[] {
	const lines = model.running().map((row) => progressLine(row, model.total, options));
	const done = [...model.rows.values()].filter((row) => row.state !== 'running' && row.state !== 'pending').length;
	lines.push(`  ${model.workflow} · run ${model.runId} · ${done}/${model.total} done · ${formatDuration(options.now - model.startedAt)}`);
	return lines;
}
