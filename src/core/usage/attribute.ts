import {realpathSync} from 'node:fs';
import path from 'node:path';

/** Label of records made in the project root by no agent in particular. */
export const PROJECT_ROOT_LABEL = '(project root)';

/** What attribution needs to know about a workspace. */
export type WorkspaceInfo = {
	name: string;
	root: string;
	/** `worktree: false` agents run in the project root itself. */
	agents: ReadonlyArray<{name: string; worktree: boolean}>;
};

/** Whose a record is: a workspace, and an agent in it (null: the project root, no agent known). */
export type Attribution = {workspace: string; agent: string | null};

/** `child` is `parent` or inside it — by path segments, so `/w/ab` is not inside `/w/a`. */
export function isUnder(child: string, parent: string): boolean {
	const base = parent.length > 1 && parent.endsWith(path.sep) ? parent.slice(0, -1) : parent;
	if (child === base) return true;
	return child.startsWith(base.endsWith(path.sep) ? base : `${base}${path.sep}`);
}

/** The ways a root can be spelled in a log: as configured and with symlinks resolved. */
function spellings(root: string): string[] {
	const resolved = path.resolve(root);
	try {
		const real = realpathSync(resolved);
		return real === resolved ? [resolved] : [resolved, real];
	} catch {
		return [resolved];
	}
}

/**
 * Attributes a session's cwd to a workspace and agent:
 * - a cwd equal to or under `<root>/.tutti/worktrees/<agent>` belongs to `<agent>` (whether or
 *   not the agent is still configured);
 * - any other cwd equal to or under `<root>` belongs to the workspace; if exactly one agent runs
 *   without a worktree (in the root itself), to that agent, otherwise to no agent
 *   (`(project root)`): several root agents cannot be told apart from their logs;
 * - with nested workspaces, the innermost root wins.
 */
export class Attributor {
	readonly #roots: Array<{root: string; workspace: WorkspaceInfo; rootAgent: string | null}> = [];

	constructor(workspaces: readonly WorkspaceInfo[]) {
		for (const workspace of workspaces) {
			const rootAgents = workspace.agents.filter((agent) => !agent.worktree);
			const rootAgent = rootAgents.length === 1 ? rootAgents[0]!.name : null;
			for (const root of spellings(workspace.root)) this.#roots.push({root, workspace, rootAgent});
		}
		this.#roots.sort((a, b) => b.root.length - a.root.length);
	}

	attribute(cwd: string): Attribution | undefined {
		if (cwd === '') return undefined;
		const where = path.resolve(cwd);
		for (const {root, workspace, rootAgent} of this.#roots) {
			if (!isUnder(where, root)) continue;
			const worktrees = path.join(root, '.tutti', 'worktrees');
			if (where !== worktrees && isUnder(where, worktrees)) {
				const agent = path.relative(worktrees, where).split(path.sep)[0]!;
				return {workspace: workspace.name, agent};
			}
			return {workspace: workspace.name, agent: rootAgent};
		}
		return undefined;
	}
}
