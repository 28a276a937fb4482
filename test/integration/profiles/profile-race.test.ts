import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeCoreWorld} from '../../helpers/core-world.js';

/**
 * `max_concurrent` holds when several `tt up` run at the same moment in different processes and
 * workspaces: the count and the launch are one step under a lock shared by every tutti process.
 */
describe('max_concurrent under concurrent tt up', () => {
	const core = makeCoreWorld('profile-race');
	core.fakeCli('claude');
	const names = ['one', 'two', 'three', 'four'];
	const team = (name: string) => `[workspace]\nname = "${name}"\n[workspace.auth]\ndefault_profile = "solo"\n[defaults]\nruntime = "claude-code"\nworktree = false\n[[agent]]\nname = "dev"\n`;
	const roots = names.map((name) => core.workspace(name, team(name)).root);
	const configDir = path.join(core.world.env['XDG_CONFIG_HOME']!, 'tutti');
	mkdirSync(configDir, {recursive: true});
	writeFileSync(
		path.join(configDir, 'config.toml'),
		['[[profile]]\nname = "solo"\nprovider = "anthropic"\ncommand = "claude"\nmax_concurrent = 1\n', ...names.map((name, index) => `[[registered_workspace]]\nname = "${name}"\npath = "${roots[index]}"\n`)].join('\n'),
	);
	afterAll(async () => {
		await Promise.all(roots.map((root) => core.world.tt(['down', '--all'], {cwd: root})));
		core.cleanup();
	});

	it('four workspaces start at once on a profile that allows one: exactly one agent runs', async () => {
		const results = await Promise.all(roots.map((root) => core.world.tt(['up', '--json'], {cwd: root})));
		const started = results.filter((result) => result.code === 0);
		const refused = results.filter((result) => result.code !== 0);
		expect(started, results.map((result) => result.stdout + result.stderr).join('\n---\n')).toHaveLength(1);
		expect(refused).toHaveLength(3);
		for (const result of refused) expect(result.stdout + result.stderr).toMatch(/profile \\"?solo\\"? allows 1 at once and runs \w+\/dev/);
		const panes = (await core.services.tmux.listPanes()).filter((pane) => !pane.dead);
		expect(panes).toHaveLength(1);
	});
});
