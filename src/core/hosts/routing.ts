import path from 'node:path';
import type {HostConfig, TuttiConfig} from '../config/index.js';
import type {Services} from '../agents/context.js';
import {privateDir} from '../private-dir.js';
import {sessionName} from '../tmux/names.js';
import {RemoteTmux, RoutedTmux} from './host-tmux.js';
import {agentHost} from './resolve.js';
import {SshTransport} from './ssh-transport.js';

/**
 * One transport per host entry per process, so every workspace (and every RemoteTmux) of a `tt
 * serve` shares the host's master connection and its known reachability.
 */
const transports = new Map<string, SshTransport>();

export function hostTransport(services: Services, host: HostConfig): SshTransport {
	const controlDir = privateDir(services.env);
	const key = JSON.stringify([controlDir, host]);
	let transport = transports.get(key);
	if (!transport) {
		transport = new SshTransport(host, services.runner, controlDir);
		transports.set(key, transport);
	}
	return transport;
}

/** Where tutti keeps its files on a host (relative: from the ssh user's home, where ssh starts). */
export function remoteRoot(host: HostConfig): string {
	return host.root.replace(/\/+$/, '');
}

/** tutti's tmux config on the host (written there by `tt up`). */
export function remoteTmuxConf(host: HostConfig): string {
	return path.posix.join(remoteRoot(host), 'tmux.conf');
}

export function remoteTmuxFor(services: Services, host: HostConfig): RemoteTmux {
	return new RemoteTmux(hostTransport(services, host), host.tmux_socket ?? services.tmux.socket, remoteTmuxConf(host), services.tmux.confFile);
}

/**
 * The services a workspace uses: unchanged when every agent runs here, else with a tmux that sends
 * each remote agent's calls to its host. Unknown host names fail here, before anything runs.
 */
export function servicesForWorkspace(config: TuttiConfig, services: Services): Services {
	const remote = new Map<string, RemoteTmux>();
	const byHost = new Map<string, RemoteTmux>();
	for (const agent of config.agent) {
		const host = agentHost(config, services.global, agent);
		if (!host) continue;
		let tmux = byHost.get(host.name);
		if (!tmux) {
			tmux = remoteTmuxFor(services, host);
			byHost.set(host.name, tmux);
		}
		remote.set(sessionName(config.workspace.name, agent.name), tmux);
	}
	if (remote.size === 0) return services;
	return {...services, tmux: new RoutedTmux(services.tmux, services.runner, remote)};
}

/** Closes every master connection this process opened (tests, and `tt hosts --disconnect` later). */
export async function closeHostConnections(): Promise<void> {
	await Promise.all([...transports.values()].map((transport) => transport.close()));
	transports.clear();
}
