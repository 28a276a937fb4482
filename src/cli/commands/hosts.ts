import type {WorkspaceContext} from '../../core/agents/context.js';
import {hostsReport} from '../../core/hosts/report.js';
import {formatBytes} from '../../core/model/resources-text.js';
import {table} from '../output.js';
import {handler, type Register} from '../program.js';

/** `tt hosts`: the `[[host]]` machines of the global config, whether each answers, and its agents. */
export const registerHosts: Register = (program, runtime) => {
	program
		.command('hosts')
		.description('the [[host]] machines of the global config: reachable over ssh, load, memory, tmux and tutti there, agents on each')
		.option('--json', 'machine-readable output')
		.addHelpText(
			'after',
			'\nHosts are [[host]] tables in the global config (tt doctor prints its path):\n\n  [[host]]\n  name = "gpu-box"\n  ssh = "dev@gpu-box.lan"            # or "ssh://dev@10.0.0.5:2222"\n  ssh_options = ["-i", "~/.ssh/agents"]\n\nand an agent runs there with host = "gpu-box" in tutti.toml (or [defaults] host).\n\nExamples:\n  tt hosts\n  tt hosts --json',
		)
		.action(
			handler(runtime, async (flags: {json?: boolean}) => {
				const services = await runtime.services();
				const workspaces = await currentWorkspaces(runtime);
				const hosts = await hostsReport(services, workspaces);
				if (flags.json) return runtime.output.json({hosts});
				if (hosts.length === 0) return runtime.output.out('No [[host]] in the global config: every agent runs on this machine (see tt hosts --help).');
				runtime.output.out(
					table(
						['Host', 'ssh', 'Reachable', 'Latency', 'Load', 'Memory free', 'tmux', 'tutti', 'Agents'],
						hosts.map((host) => [
							host.name,
							host.ssh,
							host.reachable ? 'yes' : `no: ${host.error ?? ''}`,
							host.latency_ms === null ? '–' : `${host.latency_ms} ms`,
							host.load_1m === null ? '–' : host.load_1m.toFixed(2),
							host.memory === null ? '–' : `${formatBytes(host.memory.available_bytes)} / ${formatBytes(host.memory.total_bytes)}`,
							host.tmux ?? '–',
							host.tutti ?? '–',
							host.agents.map((agent) => `${agent.agent}${agent.running ? '*' : ''}`).join(', ') || '–',
						]),
					),
				);
				runtime.output.out('\n* running');
			}),
		);
};

/** The current workspace when there is one, else every registered one that loads. */
async function currentWorkspaces(runtime: Parameters<Register>[1]): Promise<WorkspaceContext[]> {
	try {
		return [await runtime.workspace()];
	} catch {
		return runtime.allWorkspaces().catch(() => []);
	}
}
