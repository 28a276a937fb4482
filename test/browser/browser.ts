import {existsSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {chromium, type Browser, type Page} from 'playwright-core';
import {repoRoot} from '../helpers/tt.js';

export const artifacts = path.join(repoRoot, 'test', 'artifacts');
export const chromiumPath = process.env['TUTTI_CHROMIUM'] ?? '/usr/bin/chromium';

/** Headless Debian chromium, as the issue prescribes. */
export async function launchBrowser(): Promise<Browser> {
	mkdirSync(artifacts, {recursive: true});
	if (!existsSync(chromiumPath)) {
		throw new Error(`Chromium is not installed at ${chromiumPath}: install it with \`apt-get install -y chromium\` (Debian/Ubuntu), or point TUTTI_CHROMIUM at a Chromium binary.`);
	}
	return chromium.launch({
		executablePath: chromiumPath,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}

/** Records console errors and page errors; tests assert the list stays empty. */
export function watchErrors(page: Page, errors: string[]): void {
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(`console: ${message.text()}`);
	});
	page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
}

export function shot(name: string): string {
	return path.join(artifacts, name);
}
