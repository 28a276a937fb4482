import {mkdirSync, statSync, writeFileSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {Command} from 'commander';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {createServeCommand} from '../../../src/cli/commands/serve.js';
import type {Output} from '../../../src/cli/output.js';
import {CliRuntime} from '../../../src/cli/program.js';
import {killTmuxServer, makeGitRepo, makeTempDir, uniqueSocket} from '../../helpers/sandbox.js';
import {waitFor} from '../../helpers/tt.js';
import {demoToml} from './world.js';

/** Runs `tt serve …` in-process with captured output; `stop` ends it like Ctrl-C. */
function serve(argv: string[], env: NodeJS.ProcessEnv) {
	const out: string[] = [];
	const err: string[] = [];
	const output: Output = {out: (text) => out.push(text), err: (text) => err.push(text), json: (value) => out.push(JSON.stringify(value)), color: false};
	const runtime = new CliRuntime(output, env);
	const controller = new AbortController();
	const program = new Command('tt').exitOverride();
	createServeCommand({stop: controller.signal})(program, runtime);
	const done = program.parseAsync(['node', 'tt', 'serve', ...argv]);
	return {out, err, done, stop: () => controller.abort()};
}

describe('tt serve', () => {
	const temp = makeTempDir('tutti-serve-cmd-');
	const home = path.join(temp.dir, 'home');
	const socket = uniqueSocket('servecmd');
	const root = makeGitRepo(path.join(temp.dir, 'proj'));
	writeFileSync(path.join(root, 'tutti.toml'), demoToml('proj'));
	mkdirSync(path.join(home, '.config', 'tutti'), {recursive: true});
	writeFileSync(path.join(home, '.config', 'tutti', 'config.toml'), `[[registered_workspace]]\nname = "proj"\npath = ${JSON.stringify(root)}\n`);
	const env: NodeJS.ProcessEnv = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TUTTI_TMUX_SOCKET: socket};
	afterEach(() => {
		process.exitCode = 0;
	});
	afterAll(() => {
		killTmuxServer(socket);
		temp.cleanup();
	});

	it('refuses a non-loopback bind without a token, before opening anything', async () => {
		const run = serve(['-w', 'proj', '--bind', '0.0.0.0', '--port', '0'], env);
		await run.done;
		expect(process.exitCode).toBe(1);
		expect(run.err.join('\n')).toMatch(/error\[policy\]: refusing to listen on 0\.0\.0\.0 without a token/);
		expect(run.err.join('\n')).toMatch(/hint: .*--token/);
	});

	it('serves the workspace, prints the URL, and stops cleanly', async () => {
		const run = serve(['-w', 'proj', '--port', '0'], env);
		const line = await waitFor(() => run.out.find((text) => text.includes('dashboard')), {what: 'the URL'});
		const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
		expect(url, line).not.toBeNull();
		const health = await fetch(`http://127.0.0.1:${url![1]}/v1/health`);
		expect((await health.json()).data.map((row: {agent: string}) => row.agent)).toEqual(['implementer', 'planner', 'tester']);
		run.stop();
		await run.done;
		expect(process.exitCode ?? 0).toBe(0);
		await expect(fetch(`http://127.0.0.1:${url![1]}/v1/health`)).rejects.toThrow();
	});

	it('--token without a value generates a token stored with mode 0600 and puts it in the URL fragment', async () => {
		const run = serve(['-w', 'proj', '--port', '0', '--bind', '0.0.0.0', '--token'], env);
		const line = await waitFor(() => run.out.find((text) => text.includes('dashboard')), {what: 'the URL'});
		const file = path.join(home, '.config', 'tutti', 'serve-token');
		const token = readFileSync(file, 'utf8').trim();
		expect(token).toMatch(/^[0-9a-f]{64}$/);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(line).toContain(`#token=${token}`);
		expect(run.out.join('\n')).toContain('a new bearer token was generated');
		const port = /:(\d+)\//.exec(line)![1];
		expect((await fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(401);
		expect((await fetch(`http://127.0.0.1:${port}/v1/health`, {headers: {authorization: `Bearer ${token}`}})).status).toBe(200);
		run.stop();
		await run.done;
		// The second start reuses the stored token and does not announce a new one.
		const again = serve(['-w', 'proj', '--port', '0', '--token'], env);
		const second = await waitFor(() => again.out.find((text) => text.includes('dashboard')), {what: 'the URL'});
		expect(second).toContain(`#token=${token}`);
		expect(again.out.join('\n')).not.toContain('generated');
		again.stop();
		await again.done;
	});

	it('--token-file and TUTTI_SERVE_TOKEN keep the token off the command line; a bad file is a clear error', async () => {
		const file = path.join(temp.dir, 'my-token');
		const token = 'f'.repeat(40);
		writeFileSync(file, `${token}\n`, {mode: 0o600});
		for (const [argv, extra] of [
			[['--token-file', file], {}],
			[[], {TUTTI_SERVE_TOKEN: token}],
		] as const) {
			const run = serve(['-w', 'proj', '--port', '0', '--bind', '0.0.0.0', ...argv], {...env, ...extra});
			const line = await waitFor(() => run.out.find((text) => text.includes('dashboard')), {what: 'the URL'});
			const port = /:(\d+)\//.exec(line)![1];
			expect((await fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(401);
			expect((await fetch(`http://127.0.0.1:${port}/v1/health`, {headers: {authorization: `Bearer ${token}`}})).status).toBe(200);
			run.stop();
			await run.done;
		}
		const missing = serve(['-w', 'proj', '--port', '0', '--token-file', path.join(temp.dir, 'nope')], env);
		await missing.done;
		expect(process.exitCode).toBe(2);
		expect(missing.err.join('\n')).toMatch(/error\[usage\]: cannot read the token file .*nope: ENOENT/);
	});

	it('an unresolvable --bind name is a clear usage error, not a bug', async () => {
		const run = serve(['-w', 'proj', '--port', '0', '--bind', 'no-such-host.invalid', '--token-file', path.join(temp.dir, 'my-token')], env);
		await run.done;
		expect(process.exitCode).toBe(2);
		expect(run.err.join('\n')).toMatch(/error\[usage\]: cannot listen on no-such-host\.invalid: the name does not resolve to an address/);
	});
});
