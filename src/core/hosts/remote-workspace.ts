import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {HostConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {sanitizeName} from '../tmux/names.js';
import type {RemoteTmux} from './host-tmux.js';
import {remoteRoot, remoteTmuxConf} from './routing.js';
import type {SshTransport} from './ssh-transport.js';

/** Where one workspace lives on a host (absolute paths there). */
export type RemoteWorkspace = {
	/** `<root>/workspaces/<workspace>`: the adapters' project root there (demo home, state). */
	dir: string;
	/** The bare repository the project's commits are pushed to. */
	repo: string;
	state: string;
	logs: string;
};

/** Absolute paths of this workspace on the host (its home resolved once per call). */
export async function remoteWorkspace(transport: SshTransport, workspace: string): Promise<RemoteWorkspace> {
	const root = remoteRoot(transport.host);
	// ssh starts commands in the user's home: `pwd` there is how a relative root is resolved.
	const base = root.startsWith('/') ? root : path.posix.join((await transport.runner.run('pwd', [])).stdout.trim(), root);
	const dir = path.posix.join(base, 'workspaces', sanitizeName(workspace));
	return {dir, repo: path.posix.join(dir, 'repo.git'), state: path.posix.join(dir, 'state'), logs: path.posix.join(dir, 'logs')};
}

export type RemoteWorktree = {workspace: RemoteWorkspace; path: string; branch: string; created: boolean};

/**
 * Makes the agent's worktree on the host: the folders and tutti's tmux config there, the project's
 * HEAD pushed (real git over the host's ssh master) into a bare repository there, and a worktree
 * of it on the agent's branch — the branch is created from that HEAD the first time and reused
 * after, so work done on the host is never reset by a later `tt up`.
 */
export async function ensureRemoteWorktree(options: {tmux: RemoteTmux; runner: Runner; root: string; workspace: string; agent: string; branch: string}): Promise<RemoteWorktree> {
	const {transport} = options.tmux;
	const remote = transport.runner;
	const workspace = await remoteWorkspace(transport, options.workspace);
	const worktree = path.posix.join(workspace.dir, 'worktrees', sanitizeName(options.agent));
	await remote.run('mkdir', ['-p', workspace.state, workspace.logs, path.posix.dirname(worktree)]);
	await writeRemoteFile(transport, remoteTmuxConfAbsolute(transport.host, workspace), readFileSync(options.tmux.confFileSource, 'utf8'));
	await remote.run('git', ['init', '--bare', '-q', workspace.repo]);
	await pushHead(options.runner, transport, options.root, workspace.repo);
	const git = (args: string[], reject = true) => remote.run('git', ['-C', workspace.repo, ...args], {reject});
	// Registered and present: reused as it is (the agent's work stays).
	const listed = (await git(['worktree', 'list', '--porcelain'])).stdout;
	if (listed.split('\n').includes(`worktree ${worktree}`) && (await remote.run('test', ['-d', worktree], {reject: false})).exitCode === 0) {
		return {workspace, path: worktree, branch: options.branch, created: false};
	}
	await git(['worktree', 'prune']);
	const branchExists = (await git(['rev-parse', '--verify', '-q', `refs/heads/${options.branch}`], false)).exitCode === 0;
	await git(branchExists ? ['worktree', 'add', '-q', worktree, options.branch] : ['worktree', 'add', '-q', '-b', options.branch, worktree, pushedHead]);
	return {workspace, path: worktree, branch: options.branch, created: true};
}

/** The ref on the host that holds the project's HEAD as last pushed. */
const pushedHead = 'refs/tutti/head';

async function pushHead(runner: Runner, transport: SshTransport, root: string, repo: string): Promise<void> {
	const url = transport.host.ssh.startsWith('ssh://') ? `${transport.host.ssh}${repo}` : `${transport.host.ssh}:${repo}`;
	try {
		// git runs its ssh command through sh: every word of it is quoted (SshTransport.sshCommandText).
		await runner.run('git', ['push', '--force', '--no-verify', '-q', url, `HEAD:${pushedHead}`], {cwd: root, env: {GIT_SSH_COMMAND: transport.sshCommandText(), GIT_SSH_VARIANT: 'ssh'}, errorCode: 'ERR_GIT'});
	} catch (error) {
		throw new TuttiError('ERR_GIT', `could not push ${root} to host "${transport.host.name}"`, {
			hint: `The project needs a commit (git commit), and git must be installed on the host; ${error instanceof Error ? error.message : String(error)}`,
			cause: error,
		});
	}
}

/** Writes `text` to `file` on the host (through stdin: the text never appears on a command line). */
export async function writeRemoteFile(transport: SshTransport, file: string, text: string): Promise<void> {
	await transport.runner.run('sh', ['-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'sh', file], {input: text});
}

/** The launch's files (settings, deferred prompt) written on the host, with their modes. */
export async function writeLaunchFilesOnHost(transport: SshTransport, files: readonly {path: string; content: string; mode?: number}[]): Promise<void> {
	for (const file of files) {
		await writeRemoteFile(transport, file.path, file.content);
		if (file.mode !== undefined) await transport.runner.run('chmod', [file.mode.toString(8), file.path]);
	}
}

function remoteTmuxConfAbsolute(host: HostConfig, workspace: RemoteWorkspace): string {
	const conf = remoteTmuxConf(host);
	if (conf.startsWith('/')) return conf;
	// workspace.dir is `<absolute root>/workspaces/<name>`: the root is two levels up.
	return path.posix.join(path.posix.dirname(path.posix.dirname(workspace.dir)), path.posix.basename(conf));
}

/**
 * Brings an agent's branch from its host into this repository (`git fetch` over the host's master,
 * the local branch moved to the host's tip), so `tt diff` and `tt land` see its commits as those of
 * a branch without a worktree here. Work not committed on the host stays there.
 */
export async function fetchAgentBranch(options: {tmux: RemoteTmux; runner: Runner; root: string; workspace: string; branch: string}): Promise<void> {
	const {transport} = options.tmux;
	const {repo} = await remoteWorkspace(transport, options.workspace);
	const url = transport.host.ssh.startsWith('ssh://') ? `${transport.host.ssh}${repo}` : `${transport.host.ssh}:${repo}`;
	await options.runner.run('git', ['fetch', '-q', url, `+refs/heads/${options.branch}:refs/heads/${options.branch}`], {
		cwd: options.root,
		env: {GIT_SSH_COMMAND: transport.sshCommandText(), GIT_SSH_VARIANT: 'ssh'},
		errorCode: 'ERR_GIT',
		hint: `Check that host "${transport.host.name}" answers (tt hosts) and that the agent's branch ${options.branch} exists there (tt up made it).`,
	});
}
