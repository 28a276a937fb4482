import type {Runner} from '../process/runner.js';
import type {Tmux} from './client.js';
import {sessionTarget} from './names.js';
import {remoteTmuxOf} from '../hosts/host-tmux.js';

/**
 * How to hand the user's terminal to an agent's session, and which keys bring them back.
 * - `attach`: a plain terminal; tutti's tmux client takes it over.
 * - `switch`: the user is already a client of tutti's own tmux server; it switches session.
 * - `nested`: the user is inside their own tmux. Agents live on tutti's private server, which
 *   `switch-client` cannot reach, so tutti's client runs inside their pane; their tmux sees every
 *   key first, so when both use the same prefix it must be pressed twice.
 */
export type AttachPlan = {
	mode: 'attach' | 'switch' | 'nested';
	/** The program to run with inherited stdio: `tmux`, or `ssh` (with `-t`) for an agent on a `[[host]]`. */
	command: 'tmux' | 'ssh';
	/** Its arguments. */
	argv: string[];
	/** The environment to run it with (`TMUX` removed unless switching within tutti's server). */
	env: NodeJS.ProcessEnv;
	/** What to press to come back, as a person reads it: `Ctrl+b d`, `Ctrl+b Ctrl+b d`. */
	detachKeys: string;
};

/** tmux's default prefix, used when a server does not say. */
const defaultPrefix = 'C-b';

export type AttachOptions = {
	/** The environment tt runs in (`TMUX` says whether it runs inside tmux). @default process.env */
	env?: NodeJS.ProcessEnv;
	/**
	 * The caller waits for the person to come back (`tt watch`, `tt switch`): never `switch`,
	 * which returns at once; from tutti's own server it attaches nested like from any other.
	 * @default false
	 */
	waitForReturn?: boolean;
};

/** Decides how to attach `session` from where tt runs. */
export async function planAttach(tmux: Tmux, runner: Runner, session: string, options: AttachOptions = {}): Promise<AttachPlan> {
	const env = options.env ?? process.env;
	const withoutTmux: NodeJS.ProcessEnv = {...env, TMUX: undefined, TMUX_PANE: undefined};
	const remote = remoteTmuxOf(tmux, session);
	const innerPrefix = await prefixOf((args) => (remote ?? tmux).run(args, {reject: false}));
	const detach = `${keyName(innerPrefix)} d`;
	const outer = env['TMUX'];
	if (remote) {
		// The host's tmux, attached through ssh with a terminal; from inside tmux it is nested like any other.
		const argv = remote.transport.interactiveArgv(['tmux', ...remote.attachArgv(session)]);
		const outerPrefix = outer ? await prefixOf((args) => runner.run('tmux', args, {reject: false, env: {TMUX: outer}})) : undefined;
		return {mode: outer ? 'nested' : 'attach', command: 'ssh', argv, env: withoutTmux, detachKeys: outerPrefix === innerPrefix ? `${keyName(innerPrefix)} ${detach}` : detach};
	}
	if (outer === undefined || outer === '') return {mode: 'attach', command: 'tmux', argv: tmux.attachArgv(session), env: withoutTmux, detachKeys: detach};
	const ours = await tmux.run(['display-message', '-p', '#{socket_path}'], {reject: false});
	if (!options.waitForReturn && ours.exitCode === 0 && ours.stdout.trim() !== '' && ours.stdout.trim() === outer.split(',')[0]) {
		return {mode: 'switch', command: 'tmux', argv: ['-L', tmux.socket, '-f', tmux.confFile, 'switch-client', '-t', sessionTarget(session)], env, detachKeys: detach};
	}
	// The user's own server: the one $TMUX names, reached by a tmux run with their environment.
	const outerPrefix = await prefixOf((args) => runner.run('tmux', args, {reject: false, env: {TMUX: outer}}));
	const twice = outerPrefix === innerPrefix;
	return {mode: 'nested', command: 'tmux', argv: tmux.attachArgv(session), env: withoutTmux, detachKeys: twice ? `${keyName(innerPrefix)} ${detach}` : detach};
}

async function prefixOf(run: (args: string[]) => Promise<{exitCode: number; stdout: string}>): Promise<string> {
	const result = await run(['show-options', '-gv', 'prefix']).catch(() => undefined);
	const prefix = result?.exitCode === 0 ? result.stdout.trim() : '';
	return prefix === '' ? defaultPrefix : prefix;
}

/** `C-b` → `Ctrl+b`, `M-a` → `Alt+a`, as people write keys. */
export function keyName(tmuxKey: string): string {
	return tmuxKey.replace(/^((?:[CMS]-)+)(.+)$/, (_, modifiers: string, key: string) => {
		const names = modifiers.split('-').filter(Boolean).map((modifier) => ({C: 'Ctrl', M: 'Alt', S: 'Shift'})[modifier as 'C' | 'M' | 'S']);
		return `${names.join('+')}+${key}`;
	});
}
