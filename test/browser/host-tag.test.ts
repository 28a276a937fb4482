/// <reference lib="dom" />
import {execFileSync} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser} from 'playwright-core';
import type {FastifyInstance} from 'fastify';
import {createCore} from '../../src/cli/core.js';
import {WorkspaceContext} from '../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../src/core/config/index.js';
import {parseGlobalConfig} from '../../src/core/config/global.js';
import {closeHostConnections} from '../../src/core/hosts/routing.js';
import {buildServer} from '../../src/server/app.js';
import {makeGitRepo} from '../helpers/sandbox.js';
import {makeWorld, repoRoot, ttBin} from '../helpers/tt.js';
import {launchBrowser, watchErrors} from './browser.js';

/** The dashboard tags the card of an agent on a `[[host]]` with its host; a local agent's card has no tag. */
describe('remote agents on the dashboard', () => {
	let world: ReturnType<typeof makeWorld>;
	let ctx: WorkspaceContext;
	let app: FastifyInstance;
	let browser: Browser;
	let dashboardDir = '';
	const errors: string[] = [];

	beforeAll(async () => {
		dashboardDir = path.join(repoRoot, '.cache', `dashboard-hosts-${process.pid}`);
		execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-dashboard.mjs'), '--outdir', dashboardDir, '--dev'], {stdio: 'pipe'});
		world = makeWorld('dashhost');
		// A host on a port nothing listens on: refused at once, so its agent reads unreachable — and still shows where it runs.
		const global = parseGlobalConfig(`[[host]]\nname = "gpu-box"\nssh = "dev@127.0.0.1"\nssh_options = ["-p", "1"]\n`, 'config.toml').config;
		const services = createCore({env: world.env, socket: world.socket, tuttiBin: ttBin, global});
		const repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "mixed"\n\n[defaults]\nruntime = "demo"\n\n[[agent]]\nname = "near"\n\n[[agent]]\nname = "far"\nhost = "gpu-box"\n`);
		ctx = new WorkspaceContext(loadWorkspaceConfig(repo), services);
		app = await buildServer({workspaces: [ctx]}, {dashboardDir});
		await app.listen({port: 0, host: '127.0.0.1'});
		browser = await launchBrowser();
	}, 90_000);

	afterAll(async () => {
		await browser?.close();
		await app?.close();
		ctx?.close();
		await closeHostConnections();
		world?.cleanup();
		if (dashboardDir) rmSync(dashboardDir, {recursive: true, force: true});
	});

	it('shows @gpu-box on the remote agent’s card and nothing on the local one’s', async () => {
		const page = await browser.newPage({viewport: {width: 1280, height: 800}});
		watchErrors(page, errors);
		const address = app.server.address() as {port: number};
		await page.goto(`http://127.0.0.1:${address.port}/`);
		await page.waitForSelector('.agent-card[data-agent="far"]');
		expect(await page.textContent('.agent-card[data-agent="far"] .host')).toBe('@gpu-box');
		expect(await page.getAttribute('.agent-card[data-agent="far"] .host', 'title')).toContain('gpu-box');
		expect(await page.$('.agent-card[data-agent="near"] .host')).toBeNull();
		// Its host does not answer: unreachable, not stopped (the agent may well run there).
		expect(await page.getAttribute('.agent-card[data-agent="far"]', 'data-state')).toBe('unreachable');
		expect(errors).toEqual([]);
	});
});
