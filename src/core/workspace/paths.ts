import path from 'node:path';

/** Where tutti keeps its files inside a project (`<root>/.tutti/…`). */
export type WorkspacePaths = {
	tutti: string;
	state: string;
	worktrees: string;
	logs: string;
	handoffs: string;
	reviews: string;
	database: string;
};

export function workspacePaths(root: string): WorkspacePaths {
	const tutti = path.join(root, '.tutti');
	const state = path.join(tutti, 'state');
	return {
		tutti,
		state,
		worktrees: path.join(tutti, 'worktrees'),
		logs: path.join(tutti, 'logs'),
		handoffs: path.join(tutti, 'handoffs'),
		reviews: path.join(state, 'reviews'),
		database: path.join(state, 'tutti.db'),
	};
}

export function worktreePath(root: string, agent: string): string {
	return path.join(root, '.tutti', 'worktrees', agent);
}
