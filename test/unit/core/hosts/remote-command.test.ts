import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {remoteCommandLine, remoteWord} from '../../../../src/core/hosts/remote-command.js';

/** Words a hostile config or prompt could carry onto a remote command line. */
const hostile = [
	'',
	'plain',
	'two words',
	"it's",
	`'"'"'`,
	'$(touch /tmp/pwned)',
	'`id`',
	'${HOME}',
	'a;b && c || d | e',
	'line one\nline two',
	'tab\there\rcarriage',
	'\u001b[31mred\u001b[0m\u0007',
	'back\\slash\\',
	'=tmux',
	'~root',
	'-n',
	'*?[glob]',
	'!history',
	'# comment',
	'é ü 日本',
	'=tt-ws-agent:',
];

/** What a real shell reads back from the command line: one NUL-terminated word per argument. */
function readBack(shell: string, line: string): string[] {
	const output = execFileSync(shell, ['-c', line], {encoding: 'utf8'});
	return output.split('\0').slice(0, -1);
}

describe('remoteWord', () => {
	for (const shell of ['sh', 'bash']) {
		it(`every hostile word reads back exactly through ${shell}`, () => {
			const line = remoteCommandLine(['printf', '%s\\0', ...hostile]);
			expect(readBack(shell, line)).toEqual(hostile);
		});
	}

	it('leaves plain words readable and quotes everything else', () => {
		expect(remoteWord('tmux')).toBe('tmux');
		expect(remoteWord('/home/u/.tutti-remote/x.git')).toBe('/home/u/.tutti-remote/x.git');
		expect(remoteWord('=tt-a')).toBe("'=tt-a'");
		expect(remoteWord("a'b")).toBe(String.raw`'a'\''b'`);
		expect(remoteWord('')).toBe("''");
	});

	it('refuses a NUL character with what to do', () => {
		expect(() => remoteWord('a\0b')).toThrow(/NUL character/);
	});
});

describe('remoteCommandLine', () => {
	it('sets and unsets variables through env, and changes folder first', () => {
		const line = remoteCommandLine(['sh', '-c', 'printf "%s\\0%s\\0" "$GREETING" "${TMUX-unset}"; pwd'], {env: {GREETING: "hi $(id) 'there'", TMUX: undefined}, cwd: '/'});
		const output = execFileSync('sh', ['-c', line], {encoding: 'utf8', env: {...process.env, TMUX: 'outer'}});
		expect(output).toBe("hi $(id) 'there'\0unset\0/\n");
	});

	it('refuses a variable name the shell would read as code', () => {
		expect(() => remoteCommandLine(['true'], {env: {'A;rm': 'x'}})).toThrow(/not a variable name/);
	});
});
