/** The oldest tmux tutti runs on (control mode and the formats it reads). */
export const minimumTmux = 3;

/**
 * Whether a `tmux -V` answer (`tmux 3.3a`, `tmux next-3.5`) is new enough; a missing or
 * unreadable one is not.
 */
export function tmuxIsRecentEnough(versionText: string | null | undefined): boolean {
	return Number(/(\d+\.\d+)/.exec(versionText ?? '')?.[1] ?? 0) >= minimumTmux;
}
