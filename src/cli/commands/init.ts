import {existsSync} from 'node:fs';
import path from 'node:path';
import {defaultGlobalConfigText, globalConfigPath, parseWorkspaceConfig, registerWorkspace} from '../../core/config/index.js';
import {writeFileAtomic} from '../../core/fs-atomic.js';
import {TuttiError} from '../../core/errors.js';
import {detectTemplate, loadTemplate, renderTemplate} from '../../core/init/index.js';
import {handler, type Register} from '../program.js';

/** A workspace name from a directory name: what tmux session names and the registry accept. */
export function workspaceNameFor(dir: string): string {
	const base = path.basename(path.resolve(dir)).replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[-.]+/, '');
	return base.slice(0, 64) || 'workspace';
}

export const registerInit: Register = (program, runtime) => {
	program
		.command('init')
		.description('create tutti.toml for this project from a template (detected from the repository when not given)')
		.option('-t, --template <name|path>', 'template name (minimal, rust-cli, gstack-startup, demo) or a template file')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (flags: {template?: string; json?: boolean}) => {
				const cwd = process.cwd();
				const target = path.join(cwd, 'tutti.toml');
				if (existsSync(target)) throw new TuttiError('ERR_CONFIG_EXISTS', `${target} already exists`, {hint: 'Edit it, or remove it first to start over.'});
				const detection = flags.template ? undefined : detectTemplate(cwd);
				const template = loadTemplate(flags.template ?? detection?.chosen ?? 'minimal', cwd);
				const name = workspaceNameFor(cwd);
				const text = renderTemplate(template, {projectName: name});
				// The generated file must load like any hand-written one.
				parseWorkspaceConfig(text, target);
				writeFileAtomic(target, text);
				const globalFile = globalConfigPath(process.env);
				const createdGlobal = !existsSync(globalFile);
				if (createdGlobal) writeFileAtomic(globalFile, defaultGlobalConfigText());
				await registerWorkspace(name, cwd);
				if (flags.json) {
					runtime.output.json({path: target, template: template.name, reason: detection?.reason ?? 'chosen with --template', workspace: name, global_config: globalFile, created_global_config: createdGlobal});
					return;
				}
				runtime.output.out(`created ${target} from template "${template.name}"${detection ? ` (${detection.reason})` : ''}`);
				if (createdGlobal) runtime.output.out(`created ${globalFile}`);
				runtime.output.out(`registered workspace "${name}"\n\nNext: tt doctor   (checks the agent CLIs are installed)\n      tt up       (starts the team)`);
			}),
		);
};
