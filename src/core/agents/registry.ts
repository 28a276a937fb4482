import {TuttiError} from '../errors.js';
import {normalizeRuntime, runtimeIds, type AgentAdapter, type RuntimeId} from './adapter.js';

/**
 * The adapters known to this process. Core never imports a concrete adapter: the CLI registers
 * the built-ins (src/adapters) at start-up, and tests register what they need.
 */
export class AdapterRegistry {
	readonly #adapters = new Map<RuntimeId, AgentAdapter>();

	register(adapter: AgentAdapter): void {
		this.#adapters.set(adapter.id, adapter);
	}

	has(runtime: string): boolean {
		const id = normalizeRuntime(runtime);
		return id !== undefined && this.#adapters.has(id);
	}

	get(runtime: string): AgentAdapter {
		const id = normalizeRuntime(runtime);
		const adapter = id === undefined ? undefined : this.#adapters.get(id);
		if (!adapter) {
			throw new TuttiError('ERR_RUNTIME_UNKNOWN', `unknown runtime "${runtime}"`, {
				hint: `Use one of: ${runtimeIds.join(', ')}.`,
			});
		}
		return adapter;
	}

	/**
	 * The context window of `model` as the CLI that wrote a usage log counts it (a log's source is
	 * a runtime id); undefined when that CLI or the model is unknown.
	 */
	contextWindow(runtime: string, model: string, contextTokens: number): number | undefined {
		return this.has(runtime) ? this.get(runtime).contextWindow(model, contextTokens) : undefined;
	}

	list(): AgentAdapter[] {
		return [...this.#adapters.values()];
	}
}
