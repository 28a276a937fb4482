import {Command, CommanderError} from 'commander';
import {registerDemo} from './commands/demo.js';
import {registerDetect} from './commands/detect.js';
import {registerDoctor} from './commands/doctor.js';
import {registerGit} from './commands/git.js';
import {registerInit} from './commands/init.js';
import {registerInteract} from './commands/interact.js';
import {registerLifecycle} from './commands/lifecycle.js';
import {registerLogs} from './commands/logs.js';
import {registerStatus} from './commands/status.js';
import {registerSwitch} from './commands/switch.js';
import {processOutput, printError} from './output.js';
import {CliRuntime} from './program.js';
import {version} from './version.js';

const output = processOutput();
const runtime = new CliRuntime(output);
const program = new Command('tt')
	.description('tutti — run the AI coding CLIs you already use as a team')
	.version(version, '-V, --version')
	.showSuggestionAfterError(true)
	.configureOutput({writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text)})
	.exitOverride();

for (const register of [registerInit, registerLifecycle, registerStatus, registerInteract, registerLogs, registerGit, registerDetect, registerSwitch, registerDoctor, registerDemo]) {
	register(program, runtime);
}
program.commands.forEach((command) => command.exitOverride());

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
