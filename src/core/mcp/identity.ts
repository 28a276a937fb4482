import {randomBytes, timingSafeEqual} from 'node:crypto';
import {closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {unsafeBecause} from '../private-dir.js';

/** The environment that binds a `tt mcp` server to one agent (set by tutti at launch). */
export const mcpAgentEnv = 'TUTTI_AGENT';
export const mcpSecretEnv = 'TUTTI_AGENT_SECRET';
export const mcpRootEnv = 'TUTTI_ROOT';

/** `<stateDir>/mcp/<agent>.secret`: the agent's MCP secret, readable by this user only. */
export function agentSecretPath(stateDir: string, agent: string): string {
	return path.join(stateDir, 'mcp', `${agent}.secret`);
}

/**
 * The agent's secret, made on first use (32 random bytes, hex, mode 0600, never through a
 * symlink). It stays the same across launches so `tt mcp config` prints what a running CLI holds.
 */
export function ensureAgentSecret(stateDir: string, agent: string): string {
	const file = agentSecretPath(stateDir, agent);
	const existing = readSecret(file);
	if (existing !== undefined) return existing;
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const secret = randomBytes(32).toString('hex');
	try {
		const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
		try {
			writeSync(fd, `${secret}\n`);
		} finally {
			closeSync(fd);
		}
		return secret;
	} catch (error) {
		// Another launch made it at the same moment: theirs is the one.
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readSecret(file) ?? secret;
		throw error;
	}
}

function readSecret(file: string): string | undefined {
	let stats;
	try {
		stats = lstatSync(file);
	} catch {
		return undefined;
	}
	const reason = unsafeBecause(stats, 'file');
	if (reason !== undefined) throw new TuttiError('ERR_STATE', `refusing the MCP secret ${file}: ${reason}`, {hint: `Remove ${file}; tt up makes a new one.`});
	const text = readFileSync(file, 'utf8').trim();
	return text === '' ? undefined : text;
}

/**
 * Checks that `given` is `agent`'s secret, in constant time. Throws a TuttiError that says what
 * is wrong: the server then refuses to act as that agent.
 */
export function verifyAgentSecret(stateDir: string, agent: string, given: string | undefined): void {
	const hint = `tt mcp acts as the agent named by ${mcpAgentEnv}, proven by ${mcpSecretEnv}; tutti sets both when it launches the agent (see tt mcp config ${agent}).`;
	if (given === undefined || given === '') throw new TuttiError('ERR_POLICY', `no ${mcpSecretEnv} given for agent ${agent}`, {hint});
	const file = agentSecretPath(stateDir, agent);
	const expected = readSecret(file);
	if (expected === undefined) throw new TuttiError('ERR_POLICY', `agent ${agent} has no MCP secret yet (${file})`, {hint});
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(given, 'utf8');
	// timingSafeEqual needs equal lengths; comparing against itself keeps the time the same.
	const same = timingSafeEqual(a, a.length === b.length ? b : a) && a.length === b.length;
	if (!same) throw new TuttiError('ERR_POLICY', `wrong ${mcpSecretEnv} for agent ${agent}`, {hint});
}
