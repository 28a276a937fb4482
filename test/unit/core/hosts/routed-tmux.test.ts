import {describe, expect, it} from 'vitest';
import {HostSchema} from '../../../../src/core/config/schema-global.js';
import {RemoteTmux, RoutedTmux, hostOutageOf} from '../../../../src/core/hosts/host-tmux.js';
import {SshTransport} from '../../../../src/core/hosts/ssh-transport.js';
import {planAttach} from '../../../../src/core/tmux/attach.js';
import {Tmux, paneFormat} from '../../../../src/core/tmux/client.js';
import {FakeRunner} from '../../../helpers/fake-runner.js';

const host = HostSchema.parse({name: 'box', ssh: 'dev@box.lan', ssh_options: ['-p', '2222'], tmux_socket: 'far'});

function world() {
	const runner = new FakeRunner();
	const local = new Tmux(runner, 'tutti', '/conf/tmux.conf');
	const transport = new SshTransport(host, runner, '/ctl');
	const remote = new RemoteTmux(transport, 'far', '.tutti-remote/tmux.conf', '/conf/tmux.conf');
	const routed = new RoutedTmux(local, runner, new Map([['tt-w-far', remote]]));
	return {runner, routed, transport};
}

/** The one string ssh hands the host's shell for a tmux command on the remote server. */
const remoteLine = (...args: string[]) => `env -u TMUX -u TMUX_PANE -u CLAUDECODE -u CLAUDE_CODE_ENTRYPOINT tmux -L far -f .tutti-remote/tmux.conf -u ${args.join(' ')}`;

describe('RoutedTmux', () => {
	it('overrides every Tmux method (one it missed would run on this machine for a remote agent)', () => {
		const methods = Object.getOwnPropertyNames(Tmux.prototype).filter((name) => name !== 'constructor');
		expect(methods.filter((name) => !Object.hasOwn(RoutedTmux.prototype, name))).toEqual([]);
	});

	it('sends a remote session\'s calls through ssh, quoted once, and a local one to local tmux', async () => {
		const {runner, routed, transport} = world();
		runner.expect('ssh', [...transport.sshArgs(), 'dev@box.lan', '--', remoteLine('send-keys', '-t', "'=tt-w-far:'", 'Enter')]);
		runner.expect('tmux', ['-L', 'tutti', '-f', '/conf/tmux.conf', 'send-keys', '-t', '=tt-w-near:', 'Enter']);
		await routed.sendKeys('tt-w-far', ['Enter']);
		await routed.sendKeys('tt-w-near', ['Enter']);
		runner.assertDone();
	});

	it('merges listings, keeps only each machine\'s own agents, and drops remote pids', async () => {
		const {runner, routed, transport} = world();
		const line = (session: string, pid: number) => [session, '%1', String(pid), '0', '', '', '200', '50', 'node', '1', 'title'].join('\u001f');
		runner.expect('tmux', ['-L', 'tutti', '-f', '/conf/tmux.conf', 'list-panes', '-a', '-F', paneFormat], {stdout: `${line('tt-w-near', 10)}\n${line('tt-w-far', 11)}\n`});
		runner.expect('ssh', [...transport.sshArgs(), 'dev@box.lan', '--', remoteLine('list-panes', '-a', '-F', `'${paneFormat}'`)], {stdout: `${line('tt-w-far', 99)}\n${line('tt-w-near', 98)}\n`});
		const panes = await routed.listPanes();
		expect(panes.map((pane) => [pane.session, pane.pid])).toEqual([
			['tt-w-near', 10],
			['tt-w-far', undefined],
		]);
	});

	it('remembers a host ssh cannot reach; its sessions are left out of listings', async () => {
		const {runner, routed, transport} = world();
		runner.expect('tmux', ['-L', 'tutti', '-f', '/conf/tmux.conf', 'list-panes', '-a', '-F', paneFormat], {stdout: ''});
		runner.expect('ssh', [...transport.sshArgs(), 'dev@box.lan', '--', remoteLine('list-panes', '-a', '-F', `'${paneFormat}'`)], {exitCode: 255, stderr: 'ssh: connect to host box.lan port 2222: Connection refused\n'});
		expect(await routed.listPanes()).toEqual([]);
		expect(hostOutageOf(routed, 'tt-w-far')?.error.message).toBe('host "box" (dev@box.lan) is unreachable: ssh: connect to host box.lan port 2222: Connection refused');
		expect(hostOutageOf(routed, 'tt-w-near')).toBeUndefined();
	});

	it('attaches to a remote session with ssh -t', async () => {
		const {runner, routed, transport} = world();
		runner.expect('ssh', [...transport.sshArgs(), 'dev@box.lan', '--', remoteLine('show-options', '-gv', 'prefix')], {stdout: 'C-a\n'});
		const plan = await planAttach(routed, runner, 'tt-w-far', {env: {HOME: '/h'}});
		expect(plan).toMatchObject({mode: 'attach', command: 'ssh', detachKeys: 'Ctrl+a d'});
		expect(plan.argv.slice(0, 2)).toEqual(['-p', '2222']);
		expect(plan.argv.slice(-4)).toEqual(['-t', 'dev@box.lan', '--', "tmux -u -L far -f .tutti-remote/tmux.conf attach-session -t '=tt-w-far'"]);
	});
});
