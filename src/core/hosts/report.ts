import type {WorkspaceContext} from '../agents/context.js';
import type {HostConfig} from '../config/index.js';
import {agentHost} from './resolve.js';
import {probeHost} from './probe.js';
import {remoteRoot, remoteTmuxFor} from './routing.js';
import {isUnreachable} from './ssh-transport.js';

/** One `[[host]]` as `tt hosts` shows it. */
export type HostReport = {
	name: string;
	ssh: string;
	reachable: boolean;
	/** What ssh said when it is not reachable. */
	error: string | null;
	/** Round trip of one command through the host's master connection (opened first if needed). */
	latency_ms: number | null;
	/** `tmux -V` on the host, e.g. `tmux 3.3a`; null when unreachable or tmux is missing there. */
	tmux: string | null;
	/** The host's 1-minute load average; null when unreachable (or it has no /proc). */
	load_1m: number | null;
	/** Available and total memory there in bytes (/proc/meminfo); null when unreachable or unknown. */
	memory: {available_bytes: number; total_bytes: number} | null;
	/** `tutti --version` there, `not installed` when neither `tutti` nor `tt` is on its PATH; null when unreachable. */
	tutti: string | null;
	/** tutti's tmux socket there. */
	socket: string;
	/** The workspace's agents configured on this host, and whether each one's session runs there. */
	agents: {workspace: string; agent: string; session: string; running: boolean}[];
};

/**
 * Every `[[host]]` of the global config: whether it answers over ssh, its tmux, and the agents of
 * `workspaces` that run on it. Hosts are asked one after another (each through its own master).
 */
export async function hostsReport(services: WorkspaceContext['services'], workspaces: readonly WorkspaceContext[]): Promise<HostReport[]> {
	const reports: HostReport[] = [];
	for (const host of services.global.host) reports.push(await reportHost(services, host, workspaces));
	return reports;
}

async function reportHost(services: WorkspaceContext['services'], host: HostConfig, workspaces: readonly WorkspaceContext[]): Promise<HostReport> {
	const tmux = remoteTmuxFor(services, host);
	const agents = workspaces.flatMap((ctx) => ctx.config.agent.filter((agent) => agentHost(ctx.config, services.global, agent)?.name === host.name).map((agent) => ({workspace: ctx.name, agent: agent.name, session: ctx.sessionOf(agent.name), running: false})));
	const report: HostReport = {name: host.name, ssh: host.ssh, reachable: false, error: null, latency_ms: null, tmux: null, load_1m: null, memory: null, tutti: null, socket: tmux.socket, agents};
	try {
		// The first call may open the master; the timed one (one look at everything) shows what every later call costs.
		await tmux.transport.runner.run('true', []);
		const started = performance.now();
		const probe = await probeHost(tmux.transport.runner, remoteRoot(host));
		report.latency_ms = Math.round(performance.now() - started);
		report.reachable = true;
		report.tmux = probe.tmux;
		report.load_1m = probe.load1m;
		report.memory = probe.memory;
		report.tutti = probe.tutti ?? 'not installed';
		if (report.tmux !== null) {
			const live = new Set((await tmux.listPanes()).filter((pane) => !pane.dead).map((pane) => pane.session));
			for (const agent of agents) agent.running = live.has(agent.session);
		}
	} catch (error) {
		if (!isUnreachable(error)) throw error;
		report.error = error.message;
	}
	return report;
}
