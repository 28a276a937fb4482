/**
 * Fault injection for the crash tests: when `TUTTI_FAULT` lists a point the engine passes
 * (comma-separated, e.g. `step:3:sent,run:end`), the process kills itself with SIGKILL right
 * there — the same as `kill -9` from outside, at an exact step boundary. Points:
 * - `run:start` (run recorded, no step begun), `run:end` (every step done, run not finished)
 * - `step:<n>:intent` (intent recorded, no side effect yet)
 * - `step:<n>:pasted` (prompt typed, not submitted), `step:<n>:sent` (prompt submitted, not recorded)
 * - `step:<n>:effect` (land/review/command side effect done, not recorded)
 * - `step:<n>:done` (outcome recorded, next step not begun)
 * - `message:claimed` (messages claimed for delivery, nothing typed), `message:pasted` (typed, not
 *   submitted), `message:sent` (submitted, `agent.prompt_sent` not recorded) — core/messages
 * Unset in normal use: the check is one property read.
 */
export function crashPoint(point: string): void {
	const spec = process.env['TUTTI_FAULT'];
	if (!spec) return;
	if (spec.split(',').some((entry) => entry.trim() === point)) process.kill(process.pid, 'SIGKILL');
}
