import {accessSync, constants, mkdirSync} from 'node:fs';
import {createServer} from 'node:net';
import {execFileSync} from 'node:child_process';
import {loadGlobalConfig, resolveAgentRuntime, type TuttiConfig} from '../../core/config/index.js';
import type {WorkspaceContext} from '../../core/agents/context.js';
import {nodeSupport} from '../../core/node-support.js';
import {findExecutable} from '../../core/process/which.js';
import {chooseEngine, probeSqlite} from '../../core/store/sqlite.js';
import {isTuttiError} from '../../core/errors.js';
import {paint, table} from '../output.js';
import {logoutCheck} from './doctor-logout.js';
import {hostChecks} from './doctor-hosts.js';
import {unitOfProcess} from '../../core/tmux/user-scope.js';
import type {Services} from '../../core/agents/context.js';
import {handler, type Register} from '../program.js';
import {memoryLimitSupport} from '../../core/resources/cgroup.js';
import {memoryCapEnforcer} from '../../core/resources/memory-cap.js';
import {defaultRunner} from '../../core/process/runner.js';
import {tmuxIsRecentEnough} from '../../core/tmux/version.js';

type Status = 'pass' | 'warn' | 'fail';
export type DoctorCheck = {check: string; status: Status; detail: string; fix: string | null};

function versionOf(binary: string, args: string[]): string | undefined {
	try {
		return execFileSync(binary, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000}).trim().split('\n')[0];
	} catch {
		return undefined;
	}
}

async function portFree(port: number): Promise<boolean | 'in_use'> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? 'in_use' : false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function systemChecks(env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
	const checks: DoctorCheck[] = [];
	const tmux = findExecutable('tmux', env['PATH']);
	const tmuxVersion = tmux ? versionOf(tmux, ['-V']) : undefined;
	checks.push(
		!tmux
			? {check: 'tmux', status: 'fail', detail: 'not on PATH', fix: 'apt-get install tmux (Debian/Ubuntu) or brew install tmux (macOS)'}
			: !tmuxIsRecentEnough(tmuxVersion)
				? {check: 'tmux', status: 'fail', detail: `${tmuxVersion ?? 'unknown version'} (tutti needs 3.0 or newer)`, fix: 'upgrade tmux'}
				: {check: 'tmux', status: 'pass', detail: `${tmuxVersion} at ${tmux}`, fix: null},
	);
	const git = findExecutable('git', env['PATH']);
	checks.push(git ? {check: 'git', status: 'pass', detail: `${versionOf(git, ['--version']) ?? 'git'} at ${git}`, fix: null} : {check: 'git', status: 'fail', detail: 'not on PATH', fix: 'install git'});
	const node = nodeSupport();
	checks.push(node.ok ? {check: 'node', status: 'pass', detail: `v${process.versions.node}`, fix: null} : {check: 'node', status: 'fail', detail: node.reason, fix: 'install Node 24 LTS (or 22, or 20.11+)'});
	const sqlite = probeSqlite();
	checks.push(
		'engine' in sqlite
			? {check: 'sqlite', status: 'pass', detail: `${sqlite.engine === 'node:sqlite' ? 'node:sqlite (built into Node)' : 'better-sqlite3 (native module)'}${sqlite.engine === chooseEngine().engine ? '' : `, used because ${chooseEngine().engine} cannot load here`}`, fix: null}
			: {check: 'sqlite', status: 'fail', detail: sqlite.error.message, fix: sqlite.error.hint ?? null},
	);
	const global = loadGlobalConfig(env);
	const limits = memoryLimitSupport();
	const caps = await memoryCapEnforcer(defaultRunner, env);
	// Informational, never a warning: memory_max is held either way; this says by what.
	const held = caps.enforcer === 'systemd' ? 'memory_max is held by the kernel (a systemd scope with MemoryMax per agent)' : `memory_max is held by the recorder (tt watch or tt serve must run): ${caps.why}`;
	checks.push({check: 'memory limits', status: 'pass', detail: `${held}; cgroup v2: ${limits.detail}`, fix: null});
	checks.push({check: 'global config', status: global.warnings.length > 0 ? 'warn' : 'pass', detail: global.exists ? `${global.path}${global.warnings.length > 0 ? ` (${global.warnings.length} warning(s): ${global.warnings[0]?.message ?? ''})` : ''}` : `${global.path} (not created yet; defaults apply)`, fix: global.warnings.length > 0 ? 'fix the keys named in the warnings' : null});
	return checks;
}

function workspaceChecks(ctx: WorkspaceContext): DoctorCheck[] {
	const checks: DoctorCheck[] = [];
	const config: TuttiConfig = ctx.config;
	const {env} = ctx.services;
	checks.push({check: 'config', status: ctx.warnings.length > 0 ? 'warn' : 'pass', detail: `${ctx.configPath}: ${config.agent.length} agent(s), ${config.workflow.length} workflow(s)${ctx.warnings.length > 0 ? `; ${ctx.warnings.length} warning(s), first: ${ctx.warnings[0]?.message ?? ''}` : ''}`, fix: ctx.warnings.length > 0 ? 'fix the keys named in the warnings' : null});
	// Accounts and approval rules are for real CLIs; a team of demo agents needs neither.
	if (config.agent.length > 0 && config.agent.every((agent) => ctx.adapterFor(agent).simulated)) {
		const detail = 'not needed: every agent is the built-in demo (no account, no approval settings)';
		checks.push({check: 'auth profile', status: 'pass', detail, fix: null}, {check: 'launch policy', status: 'pass', detail, fix: null});
	} else checks.push(...accountChecks(ctx), ...policyChecks(ctx));
	for (const agent of config.agent) {
		const runtime = resolveAgentRuntime(config, agent);
		const adapter = ctx.services.adapters.get(runtime);
		const command = agent.command;
		const binary = Array.isArray(command) ? command[0] : typeof command === 'string' ? 'sh' : runtime === 'demo' ? ctx.services.nodeBin : adapter.binary;
		const found = binary ? findExecutable(binary, env['PATH']) : undefined;
		checks.push(found ? {check: `runtime/${agent.name}`, status: 'pass', detail: `${runtime}: ${found}`, fix: null} : {check: `runtime/${agent.name}`, status: 'fail', detail: `${runtime}: ${binary ?? '(no command)'} not on PATH`, fix: adapter.installHint});
	}
	if (config.tool_pack.length === 0) checks.push({check: 'tool packs', status: 'pass', detail: 'none declared', fix: null});
	for (const pack of config.tool_pack) {
		if (pack.required_commands.length === 0 && pack.required_env.length === 0) checks.push({check: `tool-pack/${pack.name}`, status: 'warn', detail: 'declares no prerequisites', fix: 'add required_commands or required_env'});
		for (const command of pack.required_commands) checks.push(findExecutable(command, env['PATH']) ? {check: `tool-pack/${pack.name}/cmd`, status: 'pass', detail: command, fix: null} : {check: `tool-pack/${pack.name}/cmd`, status: 'fail', detail: `${command} not on PATH`, fix: `install ${command}`});
		for (const name of pack.required_env) checks.push(env[name] ? {check: `tool-pack/${pack.name}/env`, status: 'pass', detail: name, fix: null} : {check: `tool-pack/${pack.name}/env`, status: 'fail', detail: `${name} is not set`, fix: `export ${name}=…`});
	}
	try {
		mkdirSync(ctx.paths.state, {recursive: true});
		accessSync(ctx.paths.state, constants.W_OK);
		ctx.store.lastEvents(1);
		checks.push({check: 'state store', status: 'pass', detail: ctx.paths.database, fix: null});
	} catch (error) {
		const install = isTuttiError(error) && error.code === 'ERR_INSTALL';
		checks.push({check: 'state store', status: 'fail', detail: error instanceof Error ? error.message : String(error), fix: install ? (error.hint ?? null) : `make ${ctx.paths.state} writable`});
	}
	return checks;
}

export const registerDoctor: Register = (program, runtime) => {
	program
		.command('doctor')
		.description('check that tmux, git, the configured agent CLIs, the config and each [[host]] are in order')
		.option('--json', 'machine-readable output')
		.option('--strict', 'warnings fail too')
		.action(
			handler(runtime, async (flags: {json?: boolean; strict?: boolean}) => {
				const env = process.env;
				const checks = await systemChecks(env);
				let ctx: WorkspaceContext | undefined;
				try {
					ctx = await runtime.workspace();
				} catch (error) {
					const message = error instanceof Error ? error.message : String(error);
					const notFound = /no tutti\.toml/.test(message);
					checks.push({check: 'config', status: notFound ? 'warn' : 'fail', detail: message.split('\n').slice(0, 6).join(' | '), fix: notFound ? 'run tt init in your project' : 'fix tutti.toml as the message says'});
				}
				if (ctx) checks.push(...workspaceChecks(ctx));
				checks.push(logoutCheck({serverUnit: await tmuxServerUnit(await runtime.services())}));
				checks.push(...(await hostChecks(await runtime.services())));
				const port = (await runtime.services()).global.dashboard?.port ?? 4040;
				const free = await portFree(port);
				checks.push(free === false ? {check: 'serve/port', status: 'fail', detail: `127.0.0.1:${port} cannot be bound`, fix: 'pick another [dashboard] port'} : {check: 'serve/port', status: 'pass', detail: `127.0.0.1:${port}${free === 'in_use' ? ' (in use, maybe by tt serve)' : ' free'}`, fix: null});
				const summary = {pass: checks.filter((check) => check.status === 'pass').length, warn: checks.filter((check) => check.status === 'warn').length, fail: checks.filter((check) => check.status === 'fail').length};
				if (flags.json) runtime.output.json({checks, summary});
				else {
					const {output} = runtime;
					const mark = {pass: paint(output, 'green', '✓ pass'), warn: paint(output, 'yellow', '! warn'), fail: paint(output, 'red', '✗ fail')};
					output.out(table(['Check', 'Status', 'Detail', 'Suggested fix'], checks.map((check) => [check.check, mark[check.status], check.detail, check.fix ?? ''])));
					output.out(`\nSummary: ${summary.pass} pass, ${summary.warn} warn, ${summary.fail} fail`);
				}
				return summary.fail > 0 || (flags.strict && summary.warn > 0) ? 1 : 0;
			}),
		);
};

/** The systemd unit tutti's tmux server runs in, when one runs (tt doctor shows it beside lingering). */
async function tmuxServerUnit(services: Services): Promise<string | undefined> {
	const result = await services.tmux.run(['display-message', '-p', '#{pid}'], {reject: false}).catch(() => undefined);
	const pid = Number(result?.exitCode === 0 ? result.stdout.trim() : NaN);
	return Number.isInteger(pid) && pid > 0 ? unitOfProcess(pid) : undefined;
}

/** The workspace's default account profile, and its command. */
function accountChecks(ctx: WorkspaceContext): DoctorCheck[] {
	const checks: DoctorCheck[] = [];
	const {env, global} = ctx.services;
	const profileName = ctx.config.workspace.auth?.default_profile;
	const profile = global.profile.find((candidate) => candidate.name === profileName);
	if (profileName === undefined) checks.push({check: 'auth profile', status: 'warn', detail: 'no [workspace.auth] default_profile', fix: 'optional: add a [[profile]] to the global config and name it in [workspace.auth]'});
	else if (!profile) checks.push({check: 'auth profile', status: 'fail', detail: `default_profile "${profileName}" is not a [[profile]] in the global config`, fix: 'add that [[profile]] or fix the name'});
	else checks.push({check: 'auth profile', status: 'pass', detail: `${profile.name} (${profile.provider})`, fix: null});
	if (profile) {
		const binary = profile.command.trim().split(/\s+/)[0] ?? '';
		checks.push(findExecutable(binary, env['PATH']) ? {check: 'profile command', status: 'pass', detail: profile.command, fix: null} : {check: 'profile command', status: 'fail', detail: `${binary} not on PATH`, fix: 'install it or fix the profile command'});
	}
	return checks;
}

/** Whether the launch mode and the allow rules fit together. */
function policyChecks(ctx: WorkspaceContext): DoctorCheck[] {
	const checks: DoctorCheck[] = [];
	const {mode, policy} = ctx.config.launch;
	const rules = ctx.services.global.permissions?.allow ?? [];
	if (mode === 'unattended' && policy === 'bypass') checks.push({check: 'launch policy', status: 'warn', detail: 'unattended + bypass: agents run every tool without asking', fix: 'use mode = "auto" with [permissions] allow rules for a constrained run'});
	else if (mode !== 'safe' && rules.length === 0) checks.push({check: 'launch policy', status: 'warn', detail: `mode "${mode}" without [permissions] allow rules: agents start in safe mode (they ask before tools)`, fix: 'add [permissions] allow = [...] to the global config'});
	else checks.push({check: 'launch policy', status: 'pass', detail: `mode ${mode}, policy ${policy}, ${rules.length} allow rule(s)`, fix: null});
	return checks;
}
