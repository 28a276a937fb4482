import {describe, expect, it} from 'vitest';
import {keyName, planAttach} from '../../../src/core/tmux/attach.js';
import {Tmux} from '../../../src/core/tmux/client.js';
import {FakeRunner} from '../../helpers/fake-runner.js';

const ours = ['-L', 'tutti', '-f', '/conf/tmux.conf'];
const session = 'tt-w-a';

function world() {
	const runner = new FakeRunner();
	return {runner, tmux: new Tmux(runner, 'tutti', '/conf/tmux.conf')};
}

describe('planAttach: where tt runs decides how to attach and which keys come back', () => {
	it('from a plain terminal: attach, Ctrl+b d', async () => {
		const {runner, tmux} = world();
		runner.expect('tmux', [...ours, 'show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		const plan = await planAttach(tmux, runner, session, {env: {HOME: '/h'}});
		expect(plan).toMatchObject({mode: 'attach', argv: [...ours, 'attach-session', '-t', '=tt-w-a'], detachKeys: 'Ctrl+b d'});
		expect(plan.env['TMUX']).toBeUndefined();
		runner.assertDone();
	});

	it('inside the user\'s own tmux with the same prefix: nested, and the prefix is pressed twice', async () => {
		const {runner, tmux} = world();
		runner.expect('tmux', [...ours, 'show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		runner.expect('tmux', [...ours, 'display-message', '-p', '#{socket_path}'], {stdout: '/tmp/tmux-1000/tutti\n'});
		runner.expect('tmux', ['show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		const plan = await planAttach(tmux, runner, session, {env: {TMUX: '/tmp/tmux-1000/default,123,0', TMUX_PANE: '%1'}});
		expect(plan).toMatchObject({mode: 'nested', argv: [...ours, 'attach-session', '-t', '=tt-w-a'], detachKeys: 'Ctrl+b Ctrl+b d'});
		// tmux refuses to attach with $TMUX set; the user's server is asked with it.
		expect(plan.env['TMUX']).toBeUndefined();
		expect(runner.calls[2]?.options.env).toEqual({TMUX: '/tmp/tmux-1000/default,123,0'});
		runner.assertDone();
	});

	it('inside a tmux whose prefix is another key: Ctrl+b d reaches tutti\'s client directly', async () => {
		const {runner, tmux} = world();
		runner.expect('tmux', [...ours, 'show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		runner.expect('tmux', [...ours, 'display-message', '-p', '#{socket_path}'], {stdout: '/tmp/tmux-1000/tutti\n'});
		runner.expect('tmux', ['show-options', '-gv', 'prefix'], {stdout: 'C-a\n'});
		expect((await planAttach(tmux, runner, session, {env: {TMUX: '/tmp/tmux-1000/default,123,0'}})).detachKeys).toBe('Ctrl+b d');
	});

	it('already a client of tutti\'s own server: switch-client, keeping $TMUX; a hand-over that waits attaches nested', async () => {
		const env = {TMUX: '/tmp/tmux-1000/tutti,99,0'};
		const first = world();
		first.runner.expect('tmux', [...ours, 'show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		first.runner.expect('tmux', [...ours, 'display-message', '-p', '#{socket_path}'], {stdout: '/tmp/tmux-1000/tutti\n'});
		const plan = await planAttach(first.tmux, first.runner, session, {env});
		expect(plan).toMatchObject({mode: 'switch', argv: [...ours, 'switch-client', '-t', '=tt-w-a'], detachKeys: 'Ctrl+b d'});
		expect(plan.env['TMUX']).toBe(env.TMUX);

		const second = world();
		second.runner.expect('tmux', [...ours, 'show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		second.runner.expect('tmux', [...ours, 'display-message', '-p', '#{socket_path}'], {stdout: '/tmp/tmux-1000/tutti\n'});
		second.runner.expect('tmux', ['show-options', '-gv', 'prefix'], {stdout: 'C-b\n'});
		expect(await planAttach(second.tmux, second.runner, session, {env, waitForReturn: true})).toMatchObject({mode: 'nested', detachKeys: 'Ctrl+b Ctrl+b d'});
	});

	it('names keys as people write them', () => {
		expect(keyName('C-b')).toBe('Ctrl+b');
		expect(keyName('M-a')).toBe('Alt+a');
		expect(keyName('C-M-x')).toBe('Ctrl+Alt+x');
		expect(keyName('F12')).toBe('F12');
	});
});
