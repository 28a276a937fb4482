import path from 'node:path';
import {InvalidArgumentError, Option} from 'commander';
import {agentUsesWorktree, listRegisteredWorkspaces, loadWorkspaceConfig, type TuttiConfig} from '../../core/config/index.js';
import {TuttiError} from '../../core/errors.js';
import {buildUsageReport, dayStart, isDay, scanUsage, usageGroupings, type ContextHealth, type UsageGroupBy, type UsageReport, type UsageRow, type WorkspaceInfo} from '../../core/usage/index.js';
import {paint, table, type Output} from '../output.js';
import {handler, type Register} from '../program.js';

type UsageFlags = {json?: boolean; by?: UsageGroupBy; all?: boolean; since?: string; until?: string; workspace?: string; windows?: boolean};

function dayOption(name: string): (value: string) => string {
	return (value) => {
		if (!isDay(value)) throw new InvalidArgumentError(`${name} must be a date written YYYY-MM-DD.`);
		return value;
	};
}

function workspaceInfo(name: string, root: string, config: TuttiConfig): WorkspaceInfo {
	return {name, root, agents: config.agent.map((agent) => ({name: agent.name, worktree: agentUsesWorktree(config, agent)}))};
}

/** Registered workspaces plus the current one, for naming sessions in `--all`; broken configs are skipped. */
function knownWorkspaces(env: NodeJS.ProcessEnv): WorkspaceInfo[] {
	const found = new Map<string, WorkspaceInfo>();
	const add = (root: string) => {
		try {
			const loaded = loadWorkspaceConfig(root);
			if (!found.has(loaded.root)) found.set(loaded.root, workspaceInfo(loaded.config.workspace.name, loaded.root, loaded.config));
		} catch {
			// Not a workspace (any more): its sessions are listed by their path.
		}
	};
	try {
		for (const entry of listRegisteredWorkspaces(env)) add(entry.root);
	} catch {
		// An unreadable global config must not stop a read-only report.
	}
	add(process.cwd());
	return [...found.values()];
}

/** Every path a workspace's agents work in (for Gemini's hash-named project folders). */
function workPaths(workspaces: readonly WorkspaceInfo[]): string[] {
	return workspaces.flatMap((workspace) => [workspace.root, ...workspace.agents.map((agent) => path.join(workspace.root, '.tutti', 'worktrees', agent.name))]);
}

const number = (value: number) => value.toLocaleString('en-US');

function usageTable(report: UsageReport, output: Output): string {
	const header = {agent: 'Agent', workspace: 'Workspace', model: 'Model', day: 'Day'}[report.by];
	const cells = (key: string, row: Omit<UsageRow, 'key'>) => [
		key,
		number(row.input_tokens),
		number(row.output_tokens),
		number(row.cache_read_tokens),
		number(row.cache_creation_tokens),
		number(row.total_tokens),
		number(row.sessions),
		row.models.join(', '),
	];
	const body = report.rows.map((row) => cells(row.key, row));
	body.push(cells('Total', {...report.totals, sessions: report.sessions, models: []}));
	const headers = [header, 'Input', 'Output', 'Cache read', 'Cache write', 'Total', 'Sessions', 'Models'];
	// Right-align the number columns: pad each to its column's width before table() lays it out.
	for (let column = 1; column <= 6; column++) {
		const width = Math.max(headers[column]!.length, ...body.map((row) => row[column]!.length));
		headers[column] = headers[column]!.padStart(width);
		for (const row of body) row[column] = row[column]!.padStart(width);
	}
	const last = body.length - 1;
	body[last] = body[last]!.map((cell) => paint(output, 'bold', cell));
	return table(headers, body);
}

function contextLine(entry: ContextHealth, width: number, output: Output): string {
	const name = entry.agent.padEnd(width);
	if (entry.context_tokens === null) return `  ${name}  ${paint(output, 'dim', 'no replies in the logs yet')}`;
	if (entry.context_pct === null || entry.context_window === null) {
		return `  ${name}  ${number(entry.context_tokens)} tokens  ${paint(output, 'dim', `(context window of ${entry.model ?? 'this model'} unknown)`)}`;
	}
	const cells = 20;
	const filled = Math.min(cells, Math.round((entry.context_pct / 100) * cells));
	const style = entry.context_pct >= 80 ? 'red' : entry.context_pct >= 60 ? 'yellow' : 'green';
	const bar = paint(output, style, '█'.repeat(filled)) + paint(output, 'dim', '░'.repeat(cells - filled));
	return `  ${name}  ${bar} ${`${entry.context_pct.toFixed(1)}%`.padStart(6)}  ${number(entry.context_tokens)} / ${number(entry.context_window)}  ${paint(output, 'dim', entry.model ?? '')}`;
}

function printHuman(report: UsageReport, output: Output, roots: readonly string[]): void {
	const range = report.since || report.until ? ` (${report.since ?? '…'} to ${report.until ?? 'today'})` : '';
	const scope = report.scope === 'workspace' ? `workspace ${report.workspace ?? ''}` : 'every session in the logs';
	if (report.rows.length === 0) {
		output.out(`No token usage found for ${scope}${range}.`);
		output.out(roots.length > 0 ? `Looked in: ${roots.join(', ')}` : 'No session logs found (~/.claude, ~/.codex, ~/.gemini, or $CLAUDE_CONFIG_DIR / $CODEX_HOME).');
	} else {
		output.out(paint(output, 'bold', `Token usage — ${scope}, by ${report.by}${range}`));
		output.out(usageTable(report, output));
	}
	if (report.context && report.context.length > 0) {
		output.out('');
		output.out(paint(output, 'bold', 'Context health (latest reply per agent)'));
		const width = Math.max(...report.context.map((entry) => entry.agent.length));
		for (const entry of report.context) output.out(contextLine(entry, width, output));
	}
	if (report.skipped_lines > 0 || report.skipped_files.some((entry) => entry.error)) {
		const files = report.skipped_files.map((entry) => path.basename(entry.file));
		output.err(`warning: skipped ${number(report.skipped_lines)} unreadable log line(s) in ${files.length} file(s): ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''} (see --json for the full list)`);
	}
}

export const registerUsage: Register = (program, runtime) => {
	program
		.command('usage')
		.description('token usage from the agents\' own session logs (Claude Code, Codex, Gemini CLI), and how full each agent\'s context is')
		.option('--json', 'machine-readable output')
		.addOption(new Option('--by <key>', 'group rows by (default: agent; workspace with --all)').choices(usageGroupings))
		.option('--all', 'every session in the logs, whatever its workspace (works outside a workspace)')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.option('--since <YYYY-MM-DD>', 'first local day to count', dayOption('--since'))
		.option('--until <YYYY-MM-DD>', 'last local day to count', dayOption('--until'))
		.option('--windows', 'per profile: the plan\'s rolling 5-hour block and weekly window, used vs estimated capacity, time to reset')
		.addHelpText('after', '\nExamples:\n  tt usage\n  tt usage --by day --since 2025-06-01\n  tt usage --all --json\n  tt usage --windows')
		.action(
			handler(runtime, async (flags: UsageFlags) => {
				if (flags.windows) {
					const {profileWindows} = await import('../../core/profiles/windows.js');
					const {printWindows} = await import('./usage-windows.js');
					const windows = await profileWindows((await runtime.services()).global, process.env);
					if (flags.json) runtime.output.json({profiles: windows});
					else printWindows(windows, runtime.output);
					return;
				}
				if (flags.since !== undefined && flags.until !== undefined && flags.since > flags.until) {
					throw new TuttiError('ERR_USAGE', `--since ${flags.since} is after --until ${flags.until}`, {hint: 'Give the earlier date to --since.'});
				}
				const env = process.env;
				let scope: Parameters<typeof buildUsageReport>[1];
				if (flags.all) {
					scope = {scope: 'all', workspaces: knownWorkspaces(env)};
				} else {
					const ctx = await runtime.workspace({workspace: flags.workspace});
					scope = {scope: 'workspace', workspace: workspaceInfo(ctx.name, ctx.root, ctx.config)};
				}
				const workspaces = scope.scope === 'all' ? scope.workspaces : [scope.workspace];
				const scan = await scanUsage({
					env,
					demoProjects: workspaces.map((workspace) => workspace.root),
					knownPaths: workPaths(workspaces),
					modifiedSince: flags.since === undefined ? undefined : dayStart(flags.since),
				});
				const {adapters} = await runtime.services();
				const report = buildUsageReport(scan, scope, {
					by: flags.by ?? (flags.all ? 'workspace' : 'agent'),
					since: flags.since,
					until: flags.until,
					contextWindow: (source, model, tokens) => adapters.contextWindow(source, model, tokens),
				});
				if (flags.json) runtime.output.json(report);
				else printHuman(report, runtime.output, scan.roots.map((root) => root.dir));
			}),
		);
};
