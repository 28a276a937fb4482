import {execFileSync} from 'node:child_process';
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {WorkspaceContext} from '../../core/agents/context.js';
import {sendPrompt} from '../../core/agents/send.js';
import {workspaceStatus, type AgentStatus} from '../../core/agents/status.js';
import {upAgents} from '../../core/agents/up.js';
import {loadWorkspaceConfig, registerWorkspace} from '../../core/config/index.js';
import {findExecutable} from '../../core/process/which.js';
import {TuttiError} from '../../core/errors.js';
import {loadTemplate, renderTemplate} from '../../core/init/index.js';
import {demoScript} from '../demo-script.js';
import {paint, table, type Output} from '../output.js';
import {handler, type Register} from '../program.js';
import {formatState} from './status.js';
import {workspaceNameFor} from './init.js';

function gitIdentity(root: string): boolean {
	try {
		execFileSync('git', ['config', 'user.email'], {cwd: root, stdio: 'pipe'});
		return true;
	} catch {
		return false;
	}
}

/** A throw-away git repository for the demo team. */
function createDemoRepo(dir: string | undefined): string {
	let root: string;
	if (dir) {
		root = path.resolve(dir);
		if (existsSync(root) && readdirSync(root).length > 0) throw new TuttiError('ERR_USAGE', `${root} is not empty`, {hint: 'Give tt demo --dir a new or empty directory.'});
		mkdirSync(root, {recursive: true});
	} else {
		root = mkdtempSync(path.join(os.tmpdir(), 'tutti-demo-'));
	}
	root = realpathSync(root);
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=tutti demo', '-c', 'user.email=demo@tutti.invalid', '-c', 'commit.gpgsign=false', ...args], {cwd: root, stdio: 'pipe'});
	git('init', '-q');
	// A throw-away repository: give it an identity so landing works on a machine without one.
	if (!gitIdentity(root)) {
		git('config', 'user.name', 'tutti demo');
		git('config', 'user.email', 'demo@tutti.invalid');
	}
	writeFileSync(path.join(root, 'README.md'), '# greeting service\n\nA throw-away project created by `tt demo`.\n');
	mkdirSync(path.join(root, 'src'));
	writeFileSync(path.join(root, 'src', 'index.js'), "export const main = () => 'ready';\n");
	git('add', '-A');
	git('commit', '-q', '-m', 'initial commit');
	const template = loadTemplate('demo', root);
	writeFileSync(path.join(root, 'tutti.toml'), renderTemplate(template, {projectName: workspaceNameFor(root)}));
	// The team's config is tutti's, not the project's work: `git status` stays clean, and landing
	// (which wants a clean project) works. Not committed: each worktree would carry a copy.
	mkdirSync(path.join(root, '.git', 'info'), {recursive: true});
	appendFileSync(path.join(root, '.git', 'info', 'exclude'), '# tt demo: the demo team\'s config\n/tutti.toml\n');
	return root;
}

function printTeam(output: Output, statuses: readonly AgentStatus[]): string {
	return table(['Agent', 'Runtime', 'State', 'Doing'], statuses.map((status) => [status.name, status.runtime, formatState(output, status.state, status.exit_status), status.state === 'idle' ? '' : (status.detail ?? '').slice(0, 60)]));
}

export const registerDemo: Register = (program, runtime) => {
	program
		.command('demo')
		.description('create a throw-away project with a three-agent team on the built-in demo agent and put it to work')
		.option('--dir <path>', 'where to create the project (default: a new temporary directory)')
		.option('--no-script', 'only bring the team up; do not send the scripted prompts')
		.option('--work-ms <ms>', 'how long the demo agents work on each prompt', '2500')
		.option('--no-watch', 'print the team\'s state and return instead of opening tt watch')
		.action(
			handler(runtime, async (flags: {dir?: string; script: boolean; workMs: string; watch: boolean}) => {
				const {output} = runtime;
				const workMs = Number(flags.workMs);
				if (!Number.isFinite(workMs) || workMs < 0) throw new TuttiError('ERR_USAGE', '--work-ms must be a number of milliseconds', {hint: 'e.g. --work-ms 1000'});
				process.env['TUTTI_DEMO_WORK_MS'] = String(workMs);
				const root = createDemoRepo(flags.dir);
				const services = await runtime.services();
				const ctx = new WorkspaceContext(loadWorkspaceConfig(root), services);
				try {
					// Registered like a project after `tt init`: tt workspaces, tt switch and tt serve find it.
					await registerWorkspace(ctx.name, root, services.env);
					output.out(`${paint(output, 'bold', 'tutti demo')} — a project in ${root} with three demo agents (workspace "${ctx.name}")\n`);
					const started = await upAgents(ctx);
					for (const result of started) {
						if (result.error) throw result.error;
						output.out(`  started ${paint(output, 'bold', result.agent)} in ${path.relative(root, result.workdir) || '.'} (session ${result.session})`);
					}
					const interactive = flags.watch && Boolean(process.stdin.isTTY && process.stdout.isTTY);
					if (interactive) {
						// The floor shows the team working; the script runs underneath it.
						const script = flags.script ? runScript(ctx, output, {quiet: true}) : Promise.resolve();
						await openWatch(ctx, services.global.watch?.theme);
						await script.catch(() => undefined);
						output.out(nextSteps(root, services.tuttiBin, services.env));
						return;
					}
					if (flags.script) await runScript(ctx, output);
					output.out('');
					output.out(printTeam(output, await workspaceStatus(ctx)));
					output.out(nextSteps(root, services.tuttiBin, services.env));
				} finally {
					ctx.close();
				}
			}),
		);
};

/** What to try next, spelled with the `tt` the user can actually run. */
function nextSteps(root: string, tuttiBin: string, env: NodeJS.ProcessEnv): string {
	const onPath = findExecutable('tt', env['PATH']);
	const tt = onPath && realpathSync(onPath) === realpathSync(tuttiBin) ? 'tt' : `node ${tuttiBin}`;
	const lines = [
		['watch', 'the live floor of the team (q to leave)'],
		['status', 'the state of every agent'],
		// Inside the user's own tmux the keys depend on both prefixes: the status line names them.
		['attach planner', env['TMUX'] ? 'take over its terminal (its status line says which keys bring you back)' : 'take over its terminal (Ctrl-b d to come back)'],
		['send tester "ask Ship it?"', 'it waits for your answer: needs input'],
		['diff implementer', 'what it changed'],
		['run ship', 'plan → implement → test → review → land as a workflow'],
		['land implementer', 'bring its commits onto your branch'],
		['down --clean --force', 'stop everything and remove the worktrees'],
	];
	const width = Math.max(...lines.map(([command]) => `${tt} ${command}`.length));
	return [`\nThe team is still running. Try:\n  cd ${root}`, ...lines.map(([command, what]) => `  ${`${tt} ${command}`.padEnd(width)}   # ${what}`), tt === 'tt' ? '' : '\n(`npm link` in the tutti checkout puts `tt` on your PATH.)'].join('\n');
}

/** Opens `tt watch` on the demo workspace (loaded on demand: Ink is heavy). */
async function openWatch(ctx: WorkspaceContext, configured: string | undefined): Promise<void> {
	const [{runWatch}, {loadTheme, pickThemeName}, {logUsageSource}, {startRecorderExtras}] = await Promise.all([import('../../tui/render.js'), import('../../tui/theme/load.js'), import('../usage-source.js'), import('../recorder.js')]);
	const recorder = startRecorderExtras([ctx]);
	try {
		await runWatch({contexts: [ctx], theme: loadTheme(pickThemeName({workspace: ctx.config.watch.theme, global: configured, env: process.env})), usage: logUsageSource, runWorkflow: recorder.runWorkflow});
	} finally {
		recorder.stop();
	}
}

/** Sends each agent its prompts in turn (agents work in parallel) and shows progress live. */
async function runScript(ctx: WorkspaceContext, output: Output, options: {quiet?: boolean} = {}): Promise<void> {
	if (options.quiet) {
		// Under tt watch only Ink may write to the terminal.
		await Promise.all(ctx.config.agent.filter((agent) => demoScript[agent.name]).map(async (agent) => {
			for (const prompt of demoScript[agent.name] ?? []) await sendPrompt(ctx, agent.name, prompt, {wait: true, timeoutMs: 120_000, idleStableMs: 300});
		}));
		return;
	}
	output.out('');
	let finished = false;
	const live = Boolean(process.stdout.isTTY);
	let drawnLines = 0;
	const progress = (async () => {
		while (!finished) {
			const statuses = await workspaceStatus(ctx);
			if (live) {
				const text = printTeam(output, statuses);
				if (drawnLines > 0) process.stdout.write(`\u001B[${drawnLines}A\u001B[J`);
				process.stdout.write(`${text}\n`);
				drawnLines = text.split('\n').length;
			}
			await delay(250);
		}
	})();
	const agents = ctx.config.agent.filter((agent) => demoScript[agent.name]);
	try {
		await Promise.all(
			agents.map(async (agent) => {
				for (const prompt of demoScript[agent.name] ?? []) {
					await sendPrompt(ctx, agent.name, prompt, {wait: true, timeoutMs: 120_000, idleStableMs: 300});
					if (!live) output.out(`  ${agent.name}: done "${prompt.slice(0, 50)}${prompt.length > 50 ? '…' : ''}"`);
				}
			}),
		);
	} finally {
		finished = true;
		await progress;
		if (live && drawnLines > 0) process.stdout.write(`\u001B[${drawnLines}A\u001B[J`);
	}
}
