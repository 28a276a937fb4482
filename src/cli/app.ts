import {Command, CommanderError} from 'commander';
import {processOutput, printError} from './output.js';
import {CliRuntime, type Register} from './program.js';
import {version} from './version.js';

/**
 * Command modules, loaded on demand: a one-shot command loads only its own module (so `tt status`
 * never parses the TUI, the server or the git code); help loads them all.
 */
const commandModules: ReadonlyArray<{names: readonly string[]; load: () => Promise<Register>}> = [
	{names: ['init'], load: async () => (await import('./commands/init.js')).registerInit},
	{names: ['up', 'down'], load: async () => (await import('./commands/lifecycle.js')).registerLifecycle},
	{names: ['status', 'voices', 'workspaces'], load: async () => (await import('./commands/status.js')).registerStatus},
	{names: ['attach', 'peek', 'send'], load: async () => (await import('./commands/interact.js')).registerInteract},
	{names: ['approve', 'deny'], load: async () => (await import('./commands/answer.js')).registerAnswer},
	{names: ['health'], load: async () => (await import('./commands/health.js')).registerHealth},
	{names: ['logs'], load: async () => (await import('./commands/logs.js')).registerLogs},
	{names: ['diff', 'land', 'review'], load: async () => (await import('./commands/git.js')).registerGit},
	{names: ['detect', 'explain'], load: async () => (await import('./commands/detect.js')).registerDetect},
	{names: ['run', 'verify', 'runs'], load: async () => (await import('./commands/run.js')).registerRun},
	{names: ['handoff'], load: async () => (await import('./commands/handoff.js')).registerHandoff},
	{names: ['usage'], load: async () => (await import('./commands/usage.js')).registerUsage},
	{names: ['msg'], load: async () => (await import('./commands/msg.js')).registerMsg},
	{names: ['mcp'], load: async () => (await import('./commands/mcp.js')).registerMcp},
	{names: ['notices'], load: async () => (await import('./commands/notices.js')).registerNotices},
	{names: ['profiles'], load: async () => (await import('./commands/profiles.js')).registerProfiles},
	{names: ['hosts'], load: async () => (await import('./commands/hosts.js')).registerHosts},
	{names: ['switch'], load: async () => (await import('./commands/switch.js')).registerSwitch},
	{names: ['permissions'], load: async () => (await import('./commands/permissions.js')).registerPermissions},
	{names: ['issue-claim'], load: async () => (await import('./commands/issue-claim.js')).registerIssueClaim},
	{names: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor},
	{names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe},
	{names: ['watch'], load: async () => (await import('./commands/watch.js')).registerWatch},
	{names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemo},
];

/** The first argument that is not an option: the command the user asked for. */
function requestedCommand(argv: readonly string[]): string | undefined {
	return argv.slice(2).find((argument) => !argument.startsWith('-'));
}

/** The full CLI: the requested command (or all of them, for help) on one commander program. */
export async function main(): Promise<void> {
	exitQuietlyOnClosedPipe();
	const output = processOutput();
	const runtime = new CliRuntime(output);
	const program = new Command('tt')
		.description('tutti — run the AI coding CLIs you already use as a team')
		.version(version, '-V, --version')
		.showSuggestionAfterError(true)
		.configureOutput({writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text)})
		.exitOverride();
	const requested = requestedCommand(process.argv);
	// Ink switches to a non-interactive renderer when CI is set; a person at a terminal wants the real one.
	if (requested === 'watch' || requested === 'demo') delete process.env['CI'];
	const wanted = commandModules.filter((entry) => requested !== undefined && entry.names.includes(requested));
	for (const entry of wanted.length > 0 ? wanted : commandModules) (await entry.load())(program, runtime);
	for (const command of program.commands) command.exitOverride();
	program.command('hook <runtime> <event>', {hidden: true}).description('internal: called by agent CLI hooks');

	try {
		await program.parseAsync(process.argv);
	} catch (error) {
		if (error instanceof CommanderError) {
			// Help and --version exit 0; usage errors exit 2 (commander already printed them).
			process.exitCode = error.exitCode === 0 ? 0 : 2;
		} else {
			printError(output, error);
			process.exitCode = 1;
		}
	}
}

/**
 * `tt usage | head`: when the reader goes away, writing to stdout fails with EPIPE. That is the
 * reader saying "enough", not an error: stop at once, quietly, as Unix tools do.
 */
function exitQuietlyOnClosedPipe(): void {
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
			throw error;
		});
	}
}
