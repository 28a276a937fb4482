/** What tutti reads of a pane: one `list-panes`/`display-message` line in {@link paneFormat}, parsed. */

export type PaneInfo = {
	session: string;
	paneId: string;
	pid: number | undefined;
	dead: boolean;
	/** Exit status of a dead pane; may arrive late (see native-signals §E). */
	deadStatus: number | undefined;
	deadSignal: number | undefined;
	title: string;
	width: number;
	height: number;
	currentCommand: string;
	createdAt: number | undefined;
};

export const paneFormat = [
	'#{session_name}',
	'#{pane_id}',
	'#{pane_pid}',
	'#{pane_dead}',
	'#{pane_dead_status}',
	'#{pane_dead_signal}',
	'#{pane_width}',
	'#{pane_height}',
	'#{pane_current_command}',
	'#{session_created}',
	'#{pane_title}',
].join('\u001f');

export function parsePaneLine(line: string): PaneInfo {
	const [session = '', paneId = '', pid, dead, deadStatus, deadSignal, width, height, command = '', created, ...titleParts] = line.split('\u001f');
	return {
		session,
		paneId,
		pid: toInt(pid),
		dead: dead === '1',
		deadStatus: toInt(deadStatus),
		deadSignal: toInt(deadSignal),
		width: toInt(width) ?? 0,
		height: toInt(height) ?? 0,
		currentCommand: command,
		createdAt: toInt(created),
		title: titleParts.join('\u001f'),
	};
}

function toInt(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const parsed = Number.parseInt(value, 10);
	return Number.isFinite(parsed) ? parsed : undefined;
}
