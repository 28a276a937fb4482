import {spawnSync} from 'node:child_process';
import {workspaceStatus, type AgentStatus} from '../../core/agents/status.js';
import {TuttiError} from '../../core/errors.js';
import {statePresentation} from '../../core/model/presentation.js';
import {planAttach} from '../../core/tmux/attach.js';
import type {Tmux} from '../../core/tmux/client.js';
import {fuzzyScore} from '../fuzzy.js';
import {handler, type Register} from '../program.js';

function entryText(status: AgentStatus): string {
	return `${status.workspace}/${status.name} ${status.runtime} ${statePresentation[status.state].label}`;
}

export function filterEntries(entries: readonly AgentStatus[], query: string): AgentStatus[] {
	if (query === '') return [...entries];
	return entries
		.map((entry) => ({entry, score: fuzzyScore(query, entryText(entry))}))
		.filter((item): item is {entry: AgentStatus; score: number} => item.score !== undefined)
		.sort((a, b) => a.score - b.score)
		.map((item) => item.entry);
}

/** A small full-screen picker: type to filter, ↑/↓ to move, Enter to attach, Esc to quit. */
async function pick(entries: readonly AgentStatus[]): Promise<AgentStatus | undefined> {
	const {stdin, stdout} = process;
	let query = '';
	let index = 0;
	const draw = () => {
		const shown = filterEntries(entries, query);
		index = Math.min(index, Math.max(0, shown.length - 1));
		const rows = Math.max(3, (stdout.rows ?? 24) - 3);
		const lines = shown.slice(0, rows).map((entry, row) => `${row === index ? '\u001B[7m❯ ' : '  '}${statePresentation[entry.state].glyph} ${entry.workspace}/${entry.name}  ${entry.runtime}  ${statePresentation[entry.state].label}\u001B[0m`);
		stdout.write(`\u001B[H\u001B[2J> ${query}\n${lines.join('\n')}\n\u001B[2mEnter attach · ↑/↓ move · Esc quit\u001B[0m`);
		return shown;
	};
	return new Promise((resolve) => {
		stdin.setRawMode(true);
		stdin.resume();
		let shown = draw();
		const done = (value: AgentStatus | undefined) => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			stdout.write('\u001B[H\u001B[2J');
			resolve(value);
		};
		const onData = (data: Buffer) => {
			const key = data.toString('utf8');
			if (key === '\u0003' || key === '\u001B') return done(undefined);
			if (key === '\r' || key === '\n') return done(shown[index]);
			if (key === '\u001B[A') index = Math.max(0, index - 1);
			else if (key === '\u001B[B') index = Math.min(shown.length - 1, index + 1);
			else if (key === '\u007F' || key === '\b') query = query.slice(0, -1);
			else if (!key.startsWith('\u001B') && key >= ' ') query += key;
			shown = draw();
		};
		stdin.on('data', onData);
	});
}

export const registerSwitch: Register = (program, runtime) => {
	program
		.command('switch')
		.description('pick a running agent in any workspace and attach to it; returns to the picker on detach')
		.action(
			handler(runtime, async () => {
				if (!process.stdin.isTTY || !process.stdout.isTTY) throw new TuttiError('ERR_USAGE', 'tt switch needs an interactive terminal', {hint: 'Use tt status --all to list agents.'});
				const contexts = await runtime.allWorkspaces();
				const services = await runtime.services();
				const tmux: Tmux = services.tmux;
				for (;;) {
					const entries: AgentStatus[] = [];
					for (const ctx of contexts) entries.push(...(await workspaceStatus(ctx)).filter((status) => status.running));
					if (entries.length === 0) {
						runtime.output.out('No running agents. Start some with tt up.');
						return;
					}
					const chosen = await pick(entries);
					if (!chosen) return;
					const plan = await planAttach(tmux, services.runner, chosen.session, {waitForReturn: true});
					spawnSync(plan.command, plan.argv, {stdio: 'inherit', env: plan.env});
				}
			}),
		);
};
