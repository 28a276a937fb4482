import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {findExecutable} from '../process/which.js';

/** What an agent's sandbox is built from: its own folder, and what the rest of the machine must look like to it. */
export type SandboxPlan = {
	/** The folder it works in, read-write (its worktree, or the project root without one). */
	workdir: string;
	/** The project root: read-only, except `.git` (commits in a worktree write objects and refs there). */
	root: string;
	/** Every agent's worktrees live here: hidden, the agent's own shown again. */
	worktreesDir: string;
	/** The home folder: read-write (CLIs keep logins and session logs there), `~/.ssh` hidden. */
	home: string | undefined;
	/** tutti's signal file the CLI's hooks append to (the rest of the state folder stays read-only). */
	signalsFile: string;
	network: 'host' | 'none';
};

/**
 * The bubblewrap argv around an agent's CLI. Later binds cover earlier ones: the system read-only,
 * then the home folder writable with `~/.ssh` (and `~/.gnupg`) hidden, then the repository
 * read-only with every worktree hidden, then the agent's own folder writable again. `.git` stays
 * writable so the agent can commit (the sandbox guards files, not refs). `network = "none"`
 * gives it a network namespace of its own with only a loopback.
 */
export function bwrapArgv(bwrap: string, plan: SandboxPlan, argv: readonly string[]): string[] {
	const args = [bwrap, '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', '/tmp', '/tmp'];
	if (plan.home !== undefined && existsSync(plan.home)) {
		args.push('--bind', plan.home, plan.home);
		for (const secret of ['.ssh', '.gnupg']) if (existsSync(path.join(plan.home, secret))) args.push('--tmpfs', path.join(plan.home, secret));
	}
	args.push('--ro-bind', plan.root, plan.root);
	if (existsSync(plan.worktreesDir)) args.push('--tmpfs', plan.worktreesDir);
	if (existsSync(path.join(plan.root, '.git'))) args.push('--bind', path.join(plan.root, '.git'), path.join(plan.root, '.git'));
	args.push('--bind', plan.workdir, plan.workdir);
	if (existsSync(plan.signalsFile)) args.push('--bind', plan.signalsFile, plan.signalsFile);
	if (plan.network === 'none') args.push('--unshare-net');
	args.push('--die-with-parent', '--chdir', plan.workdir, '--', ...argv);
	return args;
}

/** Whether bwrap can build a sandbox here, asked once per process. */
let probed: Promise<string | undefined> | undefined;

async function probe(runner: Runner, env: Record<string, string | undefined>): Promise<string | undefined> {
	const bwrap = findExecutable('bwrap', env['PATH']);
	if (!bwrap) return undefined;
	const result = await runner.run(bwrap, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--', 'true'], {reject: false, env, timeoutMs: 15_000});
	if (result.exitCode === 0) return bwrap;
	throw new TuttiError('ERR_SANDBOX', `bubblewrap cannot build a sandbox here: ${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}`, {
		hint: 'bwrap needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; in a container, run it with them allowed), or set sandbox = "none" for this agent.',
	});
}

/**
 * The pane command of a sandboxed agent. Never runs it unsandboxed: no bwrap, or a kernel that
 * refuses it, is an error that says what to install or change.
 */
export async function sandboxedLaunch(plan: SandboxPlan, argv: readonly string[], runner: Runner, env: Record<string, string | undefined>): Promise<string[]> {
	const bwrap = await (probed ??= probe(runner, env).catch((error: unknown) => {
		probed = undefined;
		throw error;
	}));
	if (bwrap === undefined) {
		probed = undefined;
		throw new TuttiError('ERR_SANDBOX', 'sandbox = "bwrap", but bubblewrap is not installed', {hint: 'Install it (Debian/Ubuntu: apt-get install -y bubblewrap), or set sandbox = "none" for this agent.'});
	}
	// The hooks' signal file must exist to be bound writable into the sandbox.
	if (!existsSync(plan.signalsFile)) {
		mkdirSync(path.dirname(plan.signalsFile), {recursive: true});
		writeFileSync(plan.signalsFile, '', {flag: 'a'});
	}
	return bwrapArgv(bwrap, plan, argv);
}
