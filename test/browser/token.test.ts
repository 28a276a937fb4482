/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser} from 'playwright-core';
import type {FastifyInstance} from 'fastify';
import {repoRoot} from '../helpers/tt.js';
import {makeServerWorld, type ServerWorld} from '../integration/server/world.js';
import {launchBrowser, shot, watchErrors} from './browser.js';

describe('dashboard with a bearer token', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let base: string;
	let browser: Browser;
	let dashboardDir = '';
	const token = 'f'.repeat(24) + '0123456789abcdef0123456789abcdef';

	beforeAll(async () => {
		dashboardDir = path.join(repoRoot, '.cache', `dashboard-token-${process.pid}`);
		execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-dashboard.mjs'), '--outdir', dashboardDir, '--dev'], {stdio: 'pipe'});
		world = makeServerWorld('btok');
		world.addWorkspace('secure');
		app = await world.build({dashboardDir, token});
		base = await app.listen({port: 0, host: '127.0.0.1'});
		browser = await launchBrowser();
	}, 60_000);

	afterAll(async () => {
		await browser?.close();
		await world?.cleanup();
		if (dashboardDir) rmSync(dashboardDir, {recursive: true, force: true});
	});

	it('picks the token up from the URL fragment, hides it, and uses it for the stream and the API', async () => {
		const errors: string[] = [];
		const page = await browser.newPage();
		watchErrors(page, errors);
		await page.goto(`${base}/#token=${token}`);
		await page.waitForSelector('.agent-card[data-agent="planner"][data-state="stopped"]');
		expect(await page.getAttribute('.conn', 'data-status')).toBe('open');
		expect(page.url()).not.toContain(token);
		expect(await page.evaluate(() => sessionStorage.getItem('tutti.token'))).toBe(token);
		await page.click('.agent-card[data-agent="planner"]');
		await page.waitForSelector('.usage-table');
		await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('agent is not running'));
		await page.screenshot({path: shot('dashboard-token-focus.png')});
		expect(errors).toEqual([]);
		await page.close();
	});

	it('without the token it asks for one, then connects', async () => {
		const errors: string[] = [];
		const context = await browser.newContext();
		const page = await context.newPage();
		watchErrors(page, errors);
		await page.goto(`${base}/`);
		await page.waitForSelector('.token-dialog:not([hidden])');
		expect(await page.getAttribute('.conn', 'data-status')).toBe('unauthorized');
		await page.fill('.token-dialog input', token);
		await page.click('.token-dialog button');
		await page.waitForSelector('.agent-card[data-agent="tester"]');
		expect(await page.getAttribute('.conn', 'data-status')).toBe('open');
		// Only the refused first request may have been logged.
		expect(errors.filter((error) => !/401/.test(error))).toEqual([]);
		await context.close();
	});
});
