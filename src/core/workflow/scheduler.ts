import {Cron} from 'croner';
import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import {Ledger} from '../store/ledger.js';
import {ownerAlive} from '../process/owner.js';
import {runWorkflow} from './run.js';
import type {RunWorkflowOptions} from './types.js';

/** Occurrences older than this when noticed (the machine slept) are not run late. */
const maxLateMs = 5 * 60_000;
/** The timer re-checks at least this often, so clock changes are caught up. */
const maxSleepMs = 60_000;

export type SchedulerOptions = {
	/** Starts a run (default: {@link runWorkflow}); tests inject their own. */
	start?: (ctx: WorkspaceContext, options: RunWorkflowOptions) => Promise<unknown>;
	now?: () => Date;
};

type Job = {workflow: string; cron: Cron};

/**
 * Cron schedules of a workspace (reference §8.10, SPEC §5): five fields, evaluated in
 * `[workspace] timezone` (default: this machine's zone). Whichever tutti process holds the
 * recorder role (`tt serve`, `tt watch`) runs one; several may: each tick is claimed through a
 * unique row in the store, so it runs once. Runs start in the background — a long run never
 * delays another workflow's tick — and a tick is skipped (and recorded as such) while the
 * previous scheduled run of the same workflow is still going. Missed ticks are not replayed.
 */
export class Scheduler {
	readonly #ctx: WorkspaceContext;
	readonly #jobs: Job[];
	readonly #start: NonNullable<SchedulerOptions['start']>;
	readonly #now: () => Date;
	readonly #inFlight = new Set<Promise<unknown>>();
	#timer: NodeJS.Timeout | undefined;
	#checkedUntil: Date;

	constructor(ctx: WorkspaceContext, options: SchedulerOptions = {}) {
		this.#ctx = ctx;
		this.#start = options.start ?? runWorkflow;
		this.#now = options.now ?? (() => new Date());
		this.#checkedUntil = this.#now();
		const timezone = ctx.config.workspace.timezone;
		this.#jobs = ctx.config.workflow.flatMap((workflow) =>
			workflow.schedule === undefined ? [] : [{workflow: workflow.name, cron: new Cron(workflow.schedule.trim().split(/\s+/).join(' '), {paused: true, mode: '5-part', ...(timezone ? {timezone} : {})})}],
		);
	}

	/** Scheduled workflows and their next tick after `after`. */
	nextTicks(after: Date = this.#now()): Array<{workflow: string; at: Date}> {
		return this.#jobs.flatMap((job) => {
			const at = job.cron.nextRun(after);
			return at ? [{workflow: job.workflow, at}] : [];
		});
	}

	start(): void {
		if (this.#jobs.length === 0 || this.#timer) return;
		this.#checkedUntil = this.#now();
		this.#arm();
	}

	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	/** Resolves when every run this scheduler started has ended. */
	async idle(): Promise<void> {
		while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
	}

	/**
	 * Runs every workflow with a tick in (`from`, `until`]: the latest such tick is claimed in the
	 * store and, if this process won it, started. Returns the workflows started.
	 */
	runDue(until: Date, from: Date = new Date(until.getTime() - maxSleepMs)): string[] {
		const started: string[] = [];
		const ledger = Ledger.of(this.#ctx.store);
		for (const job of this.#jobs) {
			const ticks = job.cron.previousRuns(1, new Date(until.getTime() + 1));
			const tick = ticks[0];
			if (!tick || tick.getTime() <= from.getTime() || until.getTime() - tick.getTime() > maxLateMs) continue;
			const key = tick.toISOString();
			if (!ledger.claimTick(job.workflow, key)) continue;
			const previous = ledger.runs({workflow: job.workflow, limit: 20}).find((run) => run.origin === 'observe_cycle' && run.status === 'running' && ownerAlive(run.owner, run.heartbeat_at));
			if (previous) {
				ledger.noteTick(job.workflow, key, null, `skipped: run ${previous.run_id} of the previous tick is still running`);
				continue;
			}
			let runId: string | null = null;
			const run = this.#start(this.#ctx, {
				workflow: job.workflow,
				origin: 'observe_cycle',
				strict: false,
				onProgress: (progress) => {
					if (progress.kind === 'run' && runId === null) {
						runId = progress.runId;
						ledger.noteTick(job.workflow, key, runId, 'started');
					}
				},
			})
				.catch((error: unknown) => {
					ledger.noteTick(job.workflow, key, runId, `error: ${error instanceof Error ? error.message : String(error)}`);
					log.warn('scheduled run failed to start', {workspace: this.#ctx.name, workflow: job.workflow, error: String(error)});
				})
				.finally(() => this.#inFlight.delete(run));
			this.#inFlight.add(run);
			started.push(job.workflow);
		}
		return started;
	}

	#arm(): void {
		const now = this.#now();
		const next = this.nextTicks(now).reduce<number>((soonest, entry) => Math.min(soonest, entry.at.getTime()), Number.POSITIVE_INFINITY);
		const wait = Math.max(50, Math.min(next - now.getTime(), maxSleepMs));
		this.#timer = setTimeout(() => {
			const until = this.#now();
			try {
				this.runDue(until, this.#checkedUntil);
			} catch (error) {
				log.warn('scheduler tick failed', {workspace: this.#ctx.name, error: String(error)});
			}
			this.#checkedUntil = until;
			if (this.#timer) this.#arm();
		}, wait);
		this.#timer.unref?.();
	}
}
