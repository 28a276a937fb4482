import {acknowledgeNotices, workspaceNotices} from '../../core/actions/index.js';
import {ago} from '../../core/model/time.js';
import {inertValue} from '../../core/prompt-text.js';
import {table} from '../output.js';
import {handler, type Register} from '../program.js';

/**
 * `tt notices`: the news about agents no person has seen yet (the same unread marks as `tt watch`
 * and the dashboard); `tt notices ack` marks it seen everywhere.
 */
export const registerNotices: Register = (program, runtime) => {
	const notices = program
		.command('notices')
		.description('news about agents nobody has seen yet (unread in tt watch and the dashboard too)')
		.option('--all', 'also the notices already read or resolved')
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nA notice opens when the recorder (tt watch, tt serve) sees an agent start needing a person. It is read when\nsomeone opens the agent up close (focus in tt watch or the dashboard) or runs `tt notices ack`, and resolved\nwhen the agent goes on without anyone.')
		.action(
			handler(runtime, async (flags: {all?: boolean; json?: boolean}) => {
				const ctx = await runtime.workspace();
				const rows = workspaceNotices(ctx, {all: flags.all});
				if (flags.json) return runtime.output.json(rows);
				if (rows.length === 0) return runtime.output.out(flags.all ? 'No notices yet.' : 'Nothing unread: no agent has news you have not seen.');
				const status = (row: (typeof rows)[number]) => (row.unread ? 'unread' : row.read_at !== null ? `read (${row.read_by ?? '?'}) ${ago(row.read_at)}` : `resolved ${ago(row.resolved_at)}`);
				runtime.output.out(table(['Agent', 'News', 'When', 'Status'], rows.map((row) => [row.agent, inertValue(row.text), ago(row.opened_at), status(row)])));
				if (rows.some((row) => row.unread)) runtime.output.out('\nMark them seen: tt notices ack [agent…] (or open the agent in tt watch / the dashboard).');
			}),
		);
	notices
		.command('ack [agents...]')
		.description('mark the news about these agents (all when none is named) as seen, in every surface')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (agents: string[], flags: {json?: boolean}) => {
				const ctx = await runtime.workspace();
				const read = acknowledgeNotices(ctx, agents);
				if (flags.json) return runtime.output.json({read});
				runtime.output.out(read.length === 0 ? 'Nothing was unread.' : `Marked seen: ${read.join(', ')}.`);
			}),
		);
};
