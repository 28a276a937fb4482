import type {WorkspaceContext} from '../agents/context.js';
import type {AgentState} from '../state/types.js';
import type {Resolved} from './wait-recovery.js';

type Fleet = {
	runtime: string;
	/** Agents of this CLI waiting for their provider, in the order they went down. */
	waiting: Set<string>;
	attempt: number;
	timer: NodeJS.Timeout | undefined;
	/** The one agent sent on ahead; the rest follow when it gets through. */
	probe: string | undefined;
	probeWorked: boolean;
};

/**
 * A provider outage seen on several agents is one outage: the agents of one CLI that go
 * `provider_down` wait together (`fleet.paused`, once), then ONE of them is told to go on; when its
 * turn gets through, every other one is (`fleet.resumed`, once), and when it fails again the whole
 * fleet waits twice as long. N agents cost one probe per wait, not N retries into an outage.
 */
export class ProviderFleets {
	readonly #fleets = new Map<string, Fleet>();

	constructor(
		private readonly ctx: WorkspaceContext,
		private readonly options: Resolved,
		private readonly spend: (agent: string) => boolean,
		private readonly track: (work: Promise<unknown>) => void,
	) {}

	onRecorded(agent: string, state: AgentState): void {
		const runtime = this.#runtimeOf(agent);
		if (runtime === undefined) return;
		const fleet = this.#fleets.get(runtime);
		if (fleet?.probe === agent) return this.#probeSaw(fleet, state);
		if (state === 'provider_down') {
			const joined = fleet ?? this.#open(runtime);
			joined.waiting.add(agent);
			if (!joined.timer && !joined.probe) this.#arm(joined);
		} else if (fleet && state !== 'unknown' && state !== 'starting') {
			// Someone took it on by hand, or it recovered by itself.
			fleet.waiting.delete(agent);
			if (fleet.waiting.size === 0 && !fleet.probe) this.#close(fleet);
		}
	}

	#probeSaw(fleet: Fleet, state: AgentState): void {
		if (state === 'working') {
			fleet.probeWorked = true;
			return;
		}
		if (state === 'provider_down') {
			// Still down: everyone waits longer.
			this.ctx.emit('agent.recovery_failed', fleet.probe ?? null, {strategy: 'provider_wait', attempt: fleet.attempt, error: 'the provider is still down'});
			fleet.probe = undefined;
			fleet.probeWorked = false;
			this.#arm(fleet);
			return;
		}
		if ((state === 'idle' || state === 'needs_input') && fleet.probeWorked) {
			const probe = fleet.probe!;
			this.ctx.emit('agent.recovery_succeeded', probe, {strategy: 'provider_wait', attempt: fleet.attempt, conversation: null});
			const others = [...fleet.waiting].filter((agent) => agent !== probe);
			this.ctx.emit('fleet.resumed', null, {runtime: fleet.runtime, agents: [probe, ...others], attempt: fleet.attempt});
			this.#close(fleet);
			for (const agent of others) {
				if (this.spend(agent)) this.track(this.options.resume(agent));
			}
		}
	}

	#open(runtime: string): Fleet {
		const fleet: Fleet = {runtime, waiting: new Set(), attempt: 0, timer: undefined, probe: undefined, probeWorked: false};
		this.#fleets.set(runtime, fleet);
		return fleet;
	}

	#arm(fleet: Fleet): void {
		fleet.attempt += 1;
		const delayMs = Math.min(this.options.maxWaitMs, this.options.providerDelayMs * 2 ** (fleet.attempt - 1));
		this.ctx.emit('fleet.paused', null, {runtime: fleet.runtime, agents: [...fleet.waiting], attempt: fleet.attempt, delay_ms: delayMs, resume_at: new Date(Date.now() + delayMs).toISOString()});
		fleet.timer = setTimeout(() => {
			fleet.timer = undefined;
			const probe = [...fleet.waiting][0];
			if (probe === undefined) return this.#close(fleet);
			if (!this.spend(probe)) {
				fleet.waiting.delete(probe);
				return fleet.waiting.size > 0 ? this.#arm(fleet) : this.#close(fleet);
			}
			fleet.probe = probe;
			this.ctx.emit('agent.recovery_attempted', probe, {strategy: 'provider_wait', trigger: `provider down (${fleet.waiting.size} agent${fleet.waiting.size === 1 ? '' : 's'} of ${fleet.runtime} waiting)`, attempt: fleet.attempt, delay_ms: delayMs, resume_at: new Date().toISOString()});
			this.track(
				this.options.resume(probe).catch((error: unknown) => {
					this.ctx.emit('agent.recovery_failed', probe, {strategy: 'provider_wait', attempt: fleet.attempt, error: error instanceof Error ? error.message : String(error)});
					fleet.probe = undefined;
					fleet.waiting.delete(probe);
					if (fleet.waiting.size > 0) this.#arm(fleet);
					else this.#close(fleet);
				}),
			);
		}, delayMs);
	}

	#close(fleet: Fleet): void {
		if (fleet.timer) clearTimeout(fleet.timer);
		this.#fleets.delete(fleet.runtime);
	}

	#runtimeOf(agent: string): string | undefined {
		const config = this.ctx.config.agent.find((candidate) => candidate.name === agent);
		return config ? this.ctx.adapterFor(config).id : undefined;
	}

	stop(): void {
		for (const fleet of this.#fleets.values()) if (fleet.timer) clearTimeout(fleet.timer);
		this.#fleets.clear();
	}
}
