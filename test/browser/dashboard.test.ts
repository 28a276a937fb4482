/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import {execFileSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import type {FastifyInstance} from 'fastify';
import {upAgents} from '../../src/core/agents/up.js';
import {repoRoot, waitFor} from '../helpers/tt.js';
import {fakeWorkflows, makeServerWorld, type ServerWorld} from '../integration/server/world.js';
import {launchBrowser, shot, watchErrors} from './browser.js';

const state = (page: Page, agent: string) => page.getAttribute(`.agent-card[data-agent="${agent}"]`, 'data-state');

describe('dashboard in headless chromium', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let base: string;
	let browser: Browser;
	let dashboardDir = '';
	let page: Page;
	const errors: string[] = [];
	const workflows = fakeWorkflows(700);
	const windowSize = (agent: string) => execFileSync('tmux', ['-L', world.socket, 'display-message', '-p', '-t', `=tt-greeting-${agent}:`, '#{window_width} #{window_height}'], {encoding: 'utf8'}).trim().split(' ').map(Number);
	const send = (agent: string, prompt: string) => fetch(`${base}/v1/actions/send`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({agent, prompt})}).then((response) => response.json() as Promise<{ok: boolean}>);

	beforeAll(async () => {
		dashboardDir = path.join(repoRoot, '.cache', `dashboard-test-${process.pid}`);
		execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-dashboard.mjs'), '--outdir', dashboardDir, '--dev'], {stdio: 'pipe'});
		world = makeServerWorld('browser');
		const ctx = world.addWorkspace('greeting');
		const started = await upAgents(ctx);
		expect(started.every((result) => !result.error), JSON.stringify(started.map((result) => result.error?.message))).toBe(true);
		await world.record();
		app = await world.build({dashboardDir, core: {workflows}, eventPollMs: 100});
		base = await app.listen({port: 0, host: '127.0.0.1'});
		browser = await launchBrowser();
		page = await browser.newPage({viewport: {width: 1280, height: 800}});
		watchErrors(page, errors);
	}, 90_000);

	afterAll(async () => {
		await browser?.close();
		await world?.cleanup();
		if (dashboardDir) rmSync(dashboardDir, {recursive: true, force: true});
	});

	it('the floor shows the demo team by stage', async () => {
		await page.goto(`${base}/`);
		await page.waitForSelector('.agent-card[data-agent="tester"]');
		const names = await page.$$eval('.stage', (stages) => stages.map((stage) => `${stage.getAttribute('data-stage')}:${[...stage.querySelectorAll('.agent-card')].map((card) => card.getAttribute('data-agent')).join(',')}`));
		expect(names).toEqual(['planner:planner', 'implementer:implementer', 'tester:tester']);
		await waitFor(async () => (await state(page, 'planner')) === 'idle' && (await state(page, 'tester')) === 'idle', {what: 'the team idle on screen'});
		expect(await page.getAttribute('.conn', 'data-status')).toBe('open');
		// Each running agent's memory and CPU (core agentResources via the summaries), e.g. `48M 0.3%`.
		await waitFor(async () => /^\d+(\.\d)?[KMG]( \d+(\.\d)?%)?$/.test((await page.textContent('.agent-card[data-agent="planner"] .resources')) ?? ''), {what: 'the planner card showing memory and CPU'});
		await page.screenshot({path: shot('dashboard-floor.png'), fullPage: true});
	});

	it('a state change appears without a reload', async () => {
		await page.evaluate(() => ((window as unknown as {marker: number}).marker = 42));
		expect((await send('implementer', 'sleep 2')).ok).toBe(true);
		await page.waitForSelector('.agent-card[data-agent="implementer"][data-state="working"]', {timeout: 10_000});
		await page.screenshot({path: shot('dashboard-working.png')});
		await page.waitForSelector('.agent-card[data-agent="implementer"][data-state="idle"]', {timeout: 15_000});
		expect(await page.evaluate(() => (window as unknown as {marker: number}).marker)).toBe(42);
		const timeline = await page.textContent('.timeline-list');
		expect(timeline).toContain('working → idle');
	});

	it('focus mode shows the live terminal, and the prompt bar sends a prompt the agent answers', async () => {
		await page.click('.agent-card[data-agent="planner"]');
		await page.waitForSelector('.focus:not([hidden])');
		expect(page.url()).toContain('#/focus/greeting/planner');
		await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('demo agent ready'), undefined, {timeout: 10_000});
		await page.fill('.prompt-input', 'echo hello from the browser');
		await page.keyboard.press('Enter');
		await page.waitForSelector('.prompt-bar.ok', {timeout: 15_000});
		await page.waitForFunction(() => (document.querySelector('.xterm-rows')?.textContent?.match(/hello from the browser/g) ?? []).length >= 2, undefined, {timeout: 15_000});
		await page.waitForSelector('.focus[data-state="idle"]', {timeout: 15_000});
		const usage = await page.textContent('.usage-table');
		expect(usage).toContain('input');
		// Uncropped and readable: the agent's window takes the box's size at the normal font, so
		// the terminal is drawn at (about) full scale instead of shrunk from 200 columns.
		const [cols = 0, rows = 0] = await waitFor(() => {
			const size = windowSize('planner');
			return size[0] !== 200 && size;
		}, {what: 'the planner window following the focus box'});
		expect(cols).toBeGreaterThan(60);
		expect(cols).toBeLessThan(200);
		expect(rows).toBeGreaterThan(8);
		await page.waitForFunction((want) => document.querySelectorAll('.xterm-rows > div').length === want, rows, {timeout: 10_000});
		const scale = await page.$eval('.terminal', (element) => Number(/scale\(([\d.]+)\)/.exec((element as HTMLElement).style.transform)?.[1] ?? 1));
		expect(scale).toBeGreaterThan(0.9);
		await page.screenshot({path: shot('dashboard-focus.png'), fullPage: true});
		await page.click('.back');
		await page.waitForSelector('.focus', {state: 'hidden'});
		await waitFor(() => windowSize('planner').join('x') === '200x50', {what: 'the planner window back at its own size'});
	});

	it('while the agent needs input, focus offers Approve and Deny, and they answer its dialog', async () => {
		await page.click('.agent-card[data-agent="planner"]');
		await page.waitForSelector('.focus:not([hidden])');
		await page.waitForSelector('.focus[data-state="idle"]', {timeout: 15_000});
		expect(await page.isVisible('.focus-actions .approve')).toBe(false);
		expect((await send('planner', 'ask Ship it?')).ok).toBe(true);
		await page.waitForSelector('.focus[data-state="needs_input"] .focus-actions .approve:not([hidden])', {timeout: 15_000});
		expect(await page.isVisible('.focus-actions .deny')).toBe(true);
		await page.screenshot({path: shot('dashboard-approve.png')});
		await page.click('.focus-actions .approve');
		await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('Approved: Ship it?'), undefined, {timeout: 15_000});
		// The reply comes once the server has seen the screen react, which may be after the terminal shows it.
		await page.waitForFunction((want) => document.querySelector('.prompt-status')?.textContent === want, 'approved', {timeout: 10_000});
		await page.waitForSelector('.focus[data-state="idle"] .focus-actions .approve[hidden]', {state: 'attached', timeout: 15_000});
		expect((await send('planner', 'ask Drop the table?')).ok).toBe(true);
		await page.waitForSelector('.focus-actions .deny:not([hidden])', {timeout: 15_000});
		await page.click('.focus-actions .deny');
		await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('Declined: Drop the table?'), undefined, {timeout: 15_000});
		await page.waitForFunction((want) => document.querySelector('.prompt-status')?.textContent === want, 'denied', {timeout: 10_000});
		await page.click('.back');
		await page.waitForSelector('.focus', {state: 'hidden'});
	});

	it('Handoff in focus writes a packet of the agent\'s work and says where', async () => {
		await page.click('.agent-card[data-agent="planner"]');
		await page.waitForSelector('.focus:not([hidden])');
		await page.click('.focus-actions button:text("Handoff")');
		await page.waitForFunction(() => /^handoff packet written: \.tutti\/handoffs\/planner-handoff-\d{8}-\d{6}\.md$/.test(document.querySelector('.prompt-status')?.textContent ?? ''), undefined, {timeout: 15_000});
		const file = (await page.textContent('.prompt-status'))!.replace('handoff packet written: ', '');
		expect(readFileSync(path.join(world.workspaces[0]!.root, file), 'utf8')).toMatch(/^# Handoff: planner/);
		// Start over: the packets are listed first (newest first); a new conversation gets the one picked.
		await page.click('.focus-actions button:text("Start over")');
		await page.waitForSelector('form.start-over:not([hidden]) select[name="packet"]');
		expect(await page.inputValue('form.start-over select[name="packet"]')).toBe(path.basename(file));
		await page.screenshot({path: shot('dashboard-start-over.png')});
		await page.click('form.start-over button:text("Cancel")');
		await page.waitForSelector('form.start-over', {state: 'hidden'});
		await page.click('.focus-actions button:text("Start over")');
		await page.waitForSelector('form.start-over:not([hidden])');
		await page.click('form.start-over button[type="submit"]');
		try {
			await page.waitForFunction((name) => document.querySelector('.prompt-status')?.textContent?.startsWith(`planner started over with ${name}`) ?? false, path.basename(file), {timeout: 30_000});
			// The new conversation got the whole packet (its screen, scrollback included, as the server captures it)…
			await waitFor(async () => {
				const focus = (await (await fetch(`${base}/v1/agents/greeting/planner/focus?lines=300&diff=0&usage=0`)).json()) as {data: {terminal: string}};
				return focus.data.terminal.includes('--- END HANDOFF ---');
			}, {what: 'the packet in the new conversation', timeoutMs: 30_000});
			// …and the focus view follows the new session: it shows what the server's screen of it shows
			// now (the packet's markers may have scrolled off a short pane once the agent answered).
			const serverScreen = async () =>
				((await (await fetch(`${base}/v1/agents/greeting/planner/focus?lines=12&diff=0&usage=0`)).json()) as {data: {terminal: string}}).data.terminal
					.split('\n')
					.map((line) => line.replace(/\s+/g, ' ').trim())
					.filter((line) => line.length > 3);
			const browserScreen = async () => ((await page.textContent('.xterm-rows')) ?? '').replace(/\s+/g, ' ');
			await waitFor(async () => {
				const [expected, shown] = [await serverScreen(), await browserScreen()];
				return expected.length > 0 && expected.every((line) => shown.includes(line));
			}, {what: `the focus view to show the new session's screen (server: ${JSON.stringify(await serverScreen())})`, timeoutMs: 30_000});
		} finally {
			// Whatever happened, the floor is shown again for the cases after this one.
			await page.click('.back');
			await page.waitForSelector('.focus', {state: 'hidden'});
		}
	});

	it('a card that needs input carries Approve and Deny beside it', async () => {
		const answers = '.agent-card[data-agent="tester"] + .card-answers';
		expect(await page.isVisible(answers)).toBe(false);
		expect((await send('tester', 'ask Deploy?')).ok).toBe(true);
		await page.waitForSelector(`${answers}:not([hidden])`, {timeout: 15_000});
		await page.screenshot({path: shot('dashboard-card-answers.png')});
		await page.click(`${answers} .approve`);
		await page.waitForSelector('.agent-card[data-agent="tester"][data-state="idle"]', {timeout: 15_000});
		expect(await page.isVisible(answers)).toBe(false);
		const focus = (await (await fetch(`${base}/v1/agents/greeting/tester/focus?lines=40&diff=0`)).json()) as {data: {terminal: string}};
		expect(focus.data.terminal).toContain('Approved: Deploy?');
		await page.waitForFunction(() => [...document.querySelectorAll('.event-detail')].some((detail) => detail.textContent === 'dialog approved · pressed 1'), undefined, {timeout: 10_000});
	});

	it('news nobody has seen: a dot on the card and a count in the HUD, until "mark seen"', async () => {
		const dot = '.agent-card[data-agent="implementer"] .unread-dot';
		expect(await page.isVisible(dot)).toBe(false);
		expect((await send('implementer', 'fail auth')).ok).toBe(true);
		await page.waitForSelector(`${dot}:not([hidden])`, {timeout: 15_000});
		expect(await page.textContent('[data-hud="unread"]')).toBe('1');
		await page.screenshot({path: shot('dashboard-unread.png')});
		await page.click('.hud-mark-read');
		// Read through the API: the notice.read event clears it on this page (and every other).
		await page.waitForSelector(dot, {state: 'hidden', timeout: 10_000});
		expect(await page.textContent('[data-hud="unread"]')).toBe('0');
		expect(await page.isVisible('.hud-mark-read')).toBe(false);
		const notices = (await (await fetch(`${base}/v1/notices?all=1`)).json()) as {data: Array<{agent: string; unread: boolean; read_by: string}>};
		expect(notices.data.find((notice) => notice.agent === 'implementer')).toMatchObject({unread: false, read_by: 'ack'});
		expect(notices.data.filter((notice) => notice.unread)).toEqual([]);
		// Back to work for the cases after this one.
		expect((await send('implementer', 'echo back')).ok).toBe(true);
		await page.waitForSelector('.agent-card[data-agent="implementer"][data-state="idle"]', {timeout: 15_000});
	});

	it('the dispatch panel starts a workflow, and its dot moves through the stages', async () => {
		const before = workflows.runs.length;
		await page.click('.run-button');
		await page.waitForSelector('.dispatch:not([hidden]) select[name="workflow"] option[value="ship"]', {state: 'attached'});
		await page.click('.dispatch button[type="submit"]');
		await page.waitForFunction(() => document.querySelector('.dispatch-status')?.textContent?.includes('dispatched ship'), undefined, {timeout: 10_000});
		expect(workflows.runs.length).toBe(before + 1);
		await page.click('.dispatch .ghost');
		const stages = new Set<string>();
		await waitFor(async () => {
			const stage = await page.getAttribute('.dots .dot', 'data-stage').catch(() => null);
			if (stage) stages.add(stage);
			if (stages.size === 1 && stages.has('planner')) await page.screenshot({path: shot('dashboard-run.png')});
			return stages.size >= 2;
		}, {what: 'the work-item dot moving', intervalMs: 50, timeoutMs: 15_000});
		expect(stages.has('planner')).toBe(true);
		await page.waitForSelector('.dot.dot-completed', {timeout: 15_000});
		// The run stays in the history the ledger keeps, with its outcome, after its dot has gone.
		await page.waitForSelector('.run-record[data-outcome="success"]', {state: 'attached', timeout: 10_000});
		expect(await page.textContent('.run-record')).toContain('ship success');
		await waitFor(async () => (await page.textContent('[data-hud="runs"]'))?.trim() === String(workflows.runs.length), {what: 'the header counting every recorded run'});
	});

	it('the mobile layout at 390×844 has swipeable tabs and no sideways overflow', async () => {
		const context = await browser.newContext({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
		const mobile = await context.newPage();
		watchErrors(mobile, errors);
		await mobile.goto(`${base}/`);
		await mobile.waitForSelector('.agent-card[data-agent="tester"]');
		expect(await mobile.isVisible('.tabbar')).toBe(true);
		const widths = await mobile.evaluate(() => ({doc: document.documentElement.scrollWidth, view: window.innerWidth}));
		expect(widths.doc).toBeLessThanOrEqual(widths.view);
		const columns = await mobile.$$eval('.stage', (stages) => stages.map((stage) => Math.round(stage.getBoundingClientRect().left)));
		expect(new Set(columns).size).toBe(1);
		await mobile.screenshot({path: shot('dashboard-mobile-floor.png')});
		await mobile.click('.tabbar-item[data-tab="events"]');
		await mobile.waitForFunction(() => {
			const home = document.querySelector('.home');
			return document.querySelector('.tabbar-item[data-tab="events"]')?.classList.contains('active') && home !== null && Math.abs(home.scrollLeft - home.clientWidth) < 2;
		}, undefined, {timeout: 5000});
		await mobile.screenshot({path: shot('dashboard-mobile-events.png')});
		await mobile.click('.tabbar-item[data-tab="floor"]');
		await mobile.waitForFunction(() => document.querySelector('.tabbar-item[data-tab="floor"]')?.classList.contains('active'), undefined, {timeout: 5000});
		await mobile.click('.agent-card[data-agent="tester"]');
		await mobile.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('demo agent ready'), undefined, {timeout: 10_000});
		await mobile.screenshot({path: shot('dashboard-mobile-focus.png')});
		await context.close();
	});

	it('logged no console errors', () => {
		expect(errors).toEqual([]);
	});

	// Last: it stops the server.
	it('says in words when the server goes away', async () => {
		expect(await page.isVisible('.offline-banner')).toBe(false);
		await app.close();
		await page.waitForSelector('.offline-banner:not([hidden])', {timeout: 15_000});
		expect(await page.textContent('.offline-banner')).toContain('Lost the connection to tt serve');
		await page.screenshot({path: shot('dashboard-offline.png')});
	});
});
