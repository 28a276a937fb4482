import type {Services} from '../../core/agents/context.js';
import type {HostConfig} from '../../core/config/index.js';
import {probeHost, type HostProbe} from '../../core/hosts/probe.js';
import {hostTransport, remoteRoot} from '../../core/hosts/routing.js';
import {isUnreachable} from '../../core/hosts/ssh-transport.js';
import type {DoctorCheck} from './doctor.js';
import {tmuxIsRecentEnough} from '../../core/tmux/version.js';

/**
 * `tt doctor` for each `[[host]]` of the global config: it answers over ssh, and tmux (3.0+), git
 * and a writable root folder are there — each read by one probe through the host's master.
 */
export async function hostChecks(services: Services): Promise<DoctorCheck[]> {
	const checks: DoctorCheck[] = [];
	for (const host of services.global.host) checks.push(...(await checkHost(services, host)));
	return checks;
}

async function checkHost(services: Services, host: HostConfig): Promise<DoctorCheck[]> {
	const name = `host/${host.name}`;
	const transport = hostTransport(services, host);
	let probe: HostProbe;
	const started = performance.now();
	try {
		probe = await probeHost(transport.runner, remoteRoot(host));
	} catch (error) {
		if (!isUnreachable(error)) throw error;
		return [{check: name, status: 'fail', detail: error.message, fix: error.hint ?? `check that ssh ${host.ssh} true works from this machine`}];
	}
	const checks: DoctorCheck[] = [{check: name, status: 'pass', detail: `${host.ssh} answers over ssh (${Math.round(performance.now() - started)} ms, master connection included)`, fix: null}];
	checks.push(
		probe.tmux === null
			? {check: `${name}/tmux`, status: 'fail', detail: 'tmux is not on the PATH of a command run over ssh there', fix: `install tmux 3.0 or newer on ${host.name} (apt-get install tmux, brew install tmux), on the PATH a non-interactive ssh command gets`}
			: !tmuxIsRecentEnough(probe.tmux)
				? {check: `${name}/tmux`, status: 'fail', detail: `${probe.tmux} (tutti needs 3.0 or newer)`, fix: `upgrade tmux on ${host.name}`}
				: {check: `${name}/tmux`, status: 'pass', detail: probe.tmux, fix: null},
	);
	checks.push(
		probe.git === null
			? {check: `${name}/git`, status: 'fail', detail: 'git is not on the PATH of a command run over ssh there', fix: `install git on ${host.name} (tt up pushes the project there and makes each agent's worktree with it)`}
			: {check: `${name}/git`, status: 'pass', detail: probe.git, fix: null},
	);
	const root = remoteRoot(host);
	if (probe.root === null) checks.push({check: `${name}/root`, status: 'fail', detail: `could not look at ${root} there`, fix: `check that sh runs on ${host.name}`});
	else if (probe.root.writable) checks.push({check: `${name}/root`, status: 'pass', detail: probe.root.exists ? `${root} is writable` : `${root} will be created in ${probe.root.path} (writable) by the first tt up`, fix: null});
	else checks.push({check: `${name}/root`, status: 'fail', detail: `${probe.root.exists ? root : `${probe.root.path} (where ${root} would be created)`} is not writable by ${host.ssh}`, fix: `make it writable there (mkdir -p ${root} as a user who can, then chown it), or set root = "<a writable folder>" in the [[host]] "${host.name}" of the global config`});
	return checks;
}
