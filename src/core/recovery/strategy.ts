/**
 * What the recorder does when an agent hits a rate limit or its provider is down
 * (`[resilience] rate_limit_strategy` / `provider_down_strategy` in the global config):
 * - `wait` (the default; also `wait_for_reset`, `resume`): wait — for the reset time the CLI
 *   printed, or with a growing cooldown when it printed none — then type `continue` so the agent
 *   goes on with its conversation;
 * - `off` (also `none`, `manual`, `pause` — the reference's `pause` does nothing either): leave it.
 * The reference's rotation values (`rotate`, `rotate_profile`, `profile_rotate`, `failover`,
 * `auto_rotate`) turn on launch-time rotation (`tt up` takes the next profile of the provider when
 * one is full: core/profiles); at run time they wait too, which keeps the conversation.
 */
export type WaitStrategy = 'wait' | 'off';

const off = new Set(['off', 'none', 'manual', 'pause']);

export function waitStrategy(value: string | undefined): WaitStrategy {
	return value !== undefined && off.has(value.trim().toLowerCase()) ? 'off' : 'wait';
}
