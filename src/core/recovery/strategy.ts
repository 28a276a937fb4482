/**
 * What the recorder does when an agent hits a rate limit or its provider is down
 * (`[resilience] rate_limit_strategy` / `provider_down_strategy` in the global config):
 * - `wait` (the default; also `wait_for_reset`, `resume`): wait — for the reset time the CLI
 *   printed, or with a growing cooldown when it printed none — then type `continue` so the agent
 *   goes on with its conversation;
 * - `off` (also `none`, `manual`, `pause` — the reference's `pause` does nothing either): leave it;
 * - the reference's rotation values (`rotate`, `rotate_profile`, `profile_rotate`, `failover`,
 *   `auto_rotate`) turn on launch-time rotation (core/profiles). At run time a rate limit then
 *   moves the agent to the next profile of its provider with room (ProfileRotation), and waits
 *   when there is none; a provider outage waits (every account of the provider is down alike).
 */
export type WaitStrategy = 'wait' | 'off';

const off = new Set(['off', 'none', 'manual', 'pause']);
const rotate = new Set(['rotate', 'rotate_profile', 'profile_rotate', 'failover', 'auto_rotate']);

export function waitStrategy(value: string | undefined): WaitStrategy {
	return value !== undefined && off.has(value.trim().toLowerCase()) ? 'off' : 'wait';
}

/** `[resilience] auth_strategy`: restart an agent once its CLI's login is renewed (the default), or leave it. */
export function loginStrategy(value: 'restart' | 'off' | undefined): 'restart' | 'off' {
	return value ?? 'restart';
}

/** Whether a strategy value names profile rotation (the reference's spellings, any case). */
export function namesRotation(value: string | undefined): boolean {
	return value !== undefined && rotate.has(value.trim().toLowerCase());
}
