// A `tt` with only the watch command, for screen tests while the CLI does not register it yet.
import {Command} from 'commander';
import {registerWatch} from '../../../src/cli/commands/watch.js';
import {processOutput} from '../../../src/cli/output.js';
import {CliRuntime} from '../../../src/cli/program.js';

const runtime = new CliRuntime(processOutput());
const program = new Command('tt').exitOverride();
registerWatch(program, runtime);
await program.parseAsync(process.argv);
