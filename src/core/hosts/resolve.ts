import type {AgentConfig, GlobalConfig, HostConfig, TuttiConfig} from '../config/index.js';
import {suggest} from '../config/suggest.js';
import {TuttiError} from '../errors.js';

/** The name of the `[[host]]` an agent runs on (its own `host`, else `[defaults] host`); undefined: this machine. */
export function agentHostName(config: TuttiConfig, agent: AgentConfig): string | undefined {
	return agent.host ?? config.defaults.host;
}

/**
 * The `[[host]]` an agent runs on (its own `host`, else `[defaults] host`), or undefined for this
 * machine. A name the global config does not declare is an error naming the close one.
 */
export function agentHost(config: TuttiConfig, global: GlobalConfig, agent: AgentConfig): HostConfig | undefined {
	const name = agentHostName(config, agent);
	if (name === undefined) return undefined;
	const found = global.host.find((host) => host.name === name);
	if (found) return found;
	const known = global.host.map((host) => host.name);
	const close = suggest(name, known);
	const where = agent.host === undefined ? '[defaults] host' : `agent "${agent.name}" host`;
	throw new TuttiError('ERR_CONFIG_INVALID', `${where}: "${name}" is not a [[host]] of the global config`, {
		hint: `${close === undefined ? '' : `Did you mean "${close}"? `}${known.length > 0 ? `Declared hosts: ${known.join(', ')}. ` : ''}Add a [[host]] with name = "${name}" and ssh = "user@machine" to the global config (tt doctor prints its path), or remove the host key to run the agent here.`,
		details: {host: name, known},
	});
}

/** Every host some agent of the workspace runs on, by name (checked: an unknown name throws). */
export function workspaceHosts(config: TuttiConfig, global: GlobalConfig): Map<string, HostConfig> {
	const hosts = new Map<string, HostConfig>();
	for (const agent of config.agent) {
		const host = agentHost(config, global, agent);
		if (host) hosts.set(host.name, host);
	}
	return hosts;
}
