import {TuttiError} from '../../core/errors.js';
import {runWatch} from '../../tui/render.js';
import {loadTheme, pickThemeName} from '../../tui/theme/load.js';
import {handler, type Register} from '../program.js';
import {logUsageSource, windowsCache} from '../usage-source.js';
import {startRecorderExtras} from '../recorder.js';

type WatchFlags = {workspace?: string; all?: boolean; theme?: string; mouse: boolean; bell?: boolean; notify?: boolean};

/**
 * `tt watch`: the full-screen factory floor and Agent Focus Mode (src/tui). Config and theme are
 * loaded and checked before the screen is taken, so their errors print like any command's.
 */
export const registerWatch: Register = (program, runtime) => {
	program
		.command('watch')
		.description('full-screen view of the team: every agent\'s state live, focus mode, prompts, attach')
		.option('-w, --workspace <name>', 'a registered workspace instead of the one here')
		.option('--all', 'every registered workspace')
		.option('--theme <name>', 'colour theme: dark, light, high-contrast, no-color, or a path to a .json theme')
		.option('--no-mouse', 'do not capture the mouse (keeps the terminal\'s own text selection)')
		.option('--bell', 'when an agent starts needing you (not the one in focus): the terminal bell, and OSC 9 / OSC 777 so the terminal or tmux shows a notification (default: [notify] terminal in the global config)')
		.option('--no-bell', 'no bell or OSC notifications this time, whatever [notify] terminal says')
		.option('--notify', 'desktop notification (notify-send / osascript) when an agent starts needing you')
		.addHelpText('after', '\nKeys: ? in the app lists them all (docs/keybindings.md). q quits; the agents keep running.\n\nExamples:\n  tt watch\n  tt watch --all --theme light\n  NO_COLOR=1 tt watch')
		.action(
			handler(runtime, async (flags: WatchFlags) => {
				if (!process.stdin.isTTY || !process.stdout.isTTY) {
					throw new TuttiError('ERR_USAGE', 'tt watch needs an interactive terminal', {hint: 'Use tt status (or tt status --json) to read states from a script.'});
				}
				const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
				const themeName = pickThemeName({flag: flags.theme, workspace: contexts[0]?.config.watch.theme, global: (await runtime.services()).global.watch?.theme, env: process.env});
				const theme = loadTheme(themeName);
				const recorder = startRecorderExtras(contexts);
				try {
					const windows = windowsCache((await runtime.services()).global, runtime.env);
					await runWatch({contexts, theme, mouse: flags.mouse, bell: flags.bell ?? (await runtime.services()).global.notify.terminal, notify: flags.notify, usage: logUsageSource, windows, runWorkflow: recorder.runWorkflow});
				} finally {
					recorder.stop();
				}
			}),
		);
};
