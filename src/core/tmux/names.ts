/** tmux names tutti uses. Session names are `tt-<workspace>-<agent>`, sanitised. */

const unsafe = /[^A-Za-z0-9_-]/g;

/** Characters tmux treats specially in targets (`.`, `:`) and anything a shell might, become `_`. */
export function sanitizeName(name: string): string {
	const cleaned = name.replace(unsafe, '_');
	return cleaned === '' ? '_' : cleaned;
}

export function sessionName(workspace: string, agent: string): string {
	return `tt-${sanitizeName(workspace)}-${sanitizeName(agent)}`;
}

/** Exact-match session target (`-t name` alone would prefix-match `tt-ws-a` to `tt-ws-ab`). */
export function sessionTarget(session: string): string {
	return `=${session}`;
}

/** The active pane of a session, matched exactly. */
export function paneTarget(session: string): string {
	return `=${session}:`;
}

const socketPattern = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The private tmux socket name: `TUTTI_TMUX_SOCKET`, then the global config's `[tmux] socket`,
 * then `tutti`. Never the user's default tmux server.
 */
export function resolveSocketName(env: NodeJS.ProcessEnv, configured: string | undefined): string {
	const fromEnv = env['TUTTI_TMUX_SOCKET']?.trim();
	const name = fromEnv || configured?.trim() || 'tutti';
	if (!socketPattern.test(name)) {
		throw new Error(`invalid tmux socket name "${name}": use letters, digits, '.', '_' and '-'`);
	}
	return name;
}
