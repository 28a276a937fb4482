import type {Services} from '../core/agents/context.js';
import {GlobalConfigSchema} from '../core/config/index.js';
import {wireCore, type CoreOptions} from './core-wiring.js';

export type {CoreOptions} from './core-wiring.js';

/**
 * The services for the tests, the benches and anyone without a loaded global config (an empty one,
 * validated here). The CLI, which has one, calls wireCore: the same wiring, without zod.
 */
export function createCore(options: CoreOptions): Services {
	return wireCore({...options, global: options.global ?? GlobalConfigSchema.parse({})});
}
