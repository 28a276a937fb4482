import {execFileSync} from 'node:child_process';
import {userInfo} from 'node:os';
import type {DoctorCheck} from './doctor.js';

/** Runs a command and returns what it printed and how it exited (never throws). */
export type Probe = (command: string, args: readonly string[]) => {stdout: string; ok: boolean};

const probe: Probe = (command, args) => {
	try {
		return {stdout: execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000}), ok: true};
	} catch (error) {
		const stdout = (error as {stdout?: unknown}).stdout;
		return {stdout: typeof stdout === 'string' ? stdout : '', ok: false};
	}
};

/**
 * Whether the agents outlive the login session that started them. On Linux with a systemd user
 * manager, tutti starts tmux in a user scope of its own (closing that SSH session leaves it alone),
 * but when the user's LAST session ends systemd stops the user manager — and every agent — unless
 * lingering is on. Without a user manager (a container, an init without systemd) nothing stops
 * tmux at logout; off Linux neither.
 */
export function logoutCheck(options: {platform?: NodeJS.Platform; user?: string; run?: Probe; serverUnit?: string | undefined} = {}): DoctorCheck {
	const check = 'survives logout';
	if ((options.platform ?? process.platform) !== 'linux') return {check, status: 'pass', detail: 'not Linux: logging out leaves tmux running', fix: null};
	const run = options.run ?? probe;
	const manager = run('systemctl', ['--user', 'is-system-running']).stdout.trim();
	if (!['running', 'degraded', 'starting', 'initializing'].includes(manager)) {
		return {check, status: 'pass', detail: `no systemd user manager (${manager || 'systemctl unavailable'}): nothing stops tmux at logout`, fix: null};
	}
	const user = options.user ?? userInfo().username;
	const linger = run('loginctl', ['show-user', user, '--property=Linger', '--value']).stdout.trim();
	const where = options.serverUnit ? `; tmux runs in ${options.serverUnit}` : '';
	if (linger === 'yes') return {check, status: 'pass', detail: `lingering is on for ${user}: agents outlive your last login${where}`, fix: null};
	return {
		check,
		status: 'warn',
		detail: `lingering is off for ${user}: when your last login session ends, systemd stops your user services and every agent with them${where}`,
		fix: `loginctl enable-linger ${user}`,
	};
}
