import path from 'node:path';
import type {RuntimeId} from '../agents/adapter.js';
import type {WorkspaceContext} from '../agents/context.js';
import {TuttiError} from '../errors.js';
import {withFileLock} from '../fs-lock.js';
import {privateDir} from '../private-dir.js';
import {launchProfiles} from './select.js';

/**
 * Runs a launch that may count against a profile's `max_concurrent` while holding the profiles'
 * lock of this tmux server, shared by every tutti process of the user: counting the agents on a
 * profile (live panes and their launch records) and the launch that adds one happen as one step,
 * so two `tt up` at the same moment cannot both take the last place. Launches no limit applies to
 * take no lock.
 */
export async function withProfileSlot<T>(ctx: WorkspaceContext, runtime: RuntimeId, launch: () => Promise<T>): Promise<T> {
	const limited = launchProfiles(ctx.services.global, ctx.config.workspace.auth?.default_profile, runtime).some((profile) => profile.max_concurrent !== undefined);
	if (!limited) return launch();
	const socket = ctx.services.tmux.socket.replace(/[^\w.-]/g, '_');
	return withFileLock(path.join(privateDir(ctx.services.env), `profiles-${socket}.lock`), launch, {
		// Another launch on a limited profile is under way (a worktree and a CLI start: seconds).
		timeoutMs: 120_000,
		staleMs: 600_000,
		busy: (lock) =>
			new TuttiError('ERR_STATE', `another tt process has been launching an agent on a limited profile for 2 minutes (${lock})`, {
				hint: `Try again; if no other tt command is running, delete ${lock}.`,
			}),
	});
}
