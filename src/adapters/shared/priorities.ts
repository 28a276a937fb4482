/**
 * Screen-rule priorities shared by every adapter (lower wins; see ScreenRule.priority).
 *
 * - A dialog on screen is what the agent is blocked on, so it beats everything.
 * - A title that states "working" (Gemini, the demo) beats errors: an old error line can still
 *   sit in the live region while the next turn runs. (Error rules must match only a CLI's final
 *   error form, not its "retrying…" lines: a CLI retrying on its own is working.)
 * - Final errors beat busy markers and idle. They share one priority, so when several error lines
 *   are in the live region the lowest (newest) one decides; their rules only look at the few rows
 *   just above the prompt, so an old error pushed up by a later turn no longer counts.
 * - Live busy markers (`esc to interrupt` on the status line or footer) beat idle.
 * - A footer that a CLI only draws while idle beats busy text that can be left over on screen
 *   (a status line whose spinner stopped, a stray spinner glyph): the footer is redrawn every
 *   frame, a leftover line is not.
 * - The prompt box alone is the weakest idle sign: most CLIs keep it visible while working.
 * - Titles: a CLI whose title is an explicit state (Gemini's `Ready` / `Working…` /
 *   `Action Required`, the demo's `demo: idle`) is believed over busy or idle text on screen,
 *   but not over a dialog or a final error; a title that only shows a spinner (Claude, Codex)
 *   ranks with the other busy signs.
 */
export const priority = {
	/** tmux's own `Pane is dead (status N, …)` line: the CLI is gone, whatever it left on screen. */
	exited: 5,
	dialog: 10,
	titleDialog: 12,
	stateTitleWorking: 14,
	authFailed: 20,
	rateLimited: 20,
	providerDown: 20,
	stateTitleIdle: 26,
	working: 30,
	titleWorking: 35,
	idleFooter: 40,
	workingWeak: 45,
	idle: 50,
	titleIdle: 55,
} as const;

/** Braille spinner frames (U+2800–U+28FF), used by most CLIs and in their pane titles. */
export const braille = '\\u2800-\\u28FF';
