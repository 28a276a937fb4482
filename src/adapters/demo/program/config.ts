/** The demo agent's settings, read from its environment (pure, so tests pass their own env). */

import {randomUUID} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {parseSessionArgs, safeSessionId} from './conversation.js';

export type DemoConfig = {
	/** Name shown in the banner. `TUTTI_AGENT`, @default 'demo' */
	agent: string;
	cwd: string;
	/** Working phase per prompt, ms. `TUTTI_DEMO_WORK_MS`, @default 2500 */
	workMs: number;
	/** "Starting demo agent…" screen, ms. `TUTTI_DEMO_STARTUP_MS`, @default 300 */
	startupMs: number;
	/** Where the session log goes. `TUTTI_DEMO_HOME`, @default '$HOME/.tutti-demo' */
	home: string;
	/** `--session-id <id>` or `--resume <id>`, else `TUTTI_DEMO_SESSION_ID`, @default a random uuid */
	sessionId: string;
	/** `--resume <id>`: reopen that session's log instead of starting one. @default false */
	resume: boolean;
	/** `TUTTI_DEMO_MODEL`, @default 'claude-sonnet-4-5' */
	model: string;
};

export const defaultWorkMs = 2500;
export const defaultStartupMs = 300;
export const defaultModel = 'claude-sonnet-4-5';

function milliseconds(value: string | undefined, fallback: number): number {
	if (value === undefined || !/^\s*\d+\s*$/.test(value)) return fallback;
	return Math.min(Number(value), 3_600_000);
}

function nonEmpty(value: string | undefined): string | undefined {
	return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** Throws when `--session-id` or `--resume` carries no usable id. */
export function readConfig(env: NodeJS.ProcessEnv, cwd: string, argv: readonly string[] = []): DemoConfig {
	const choice = parseSessionArgs(argv);
	const session = choice.id ?? nonEmpty(env['TUTTI_DEMO_SESSION_ID']);
	return {
		agent: nonEmpty(env['TUTTI_AGENT']) ?? 'demo',
		cwd,
		workMs: milliseconds(env['TUTTI_DEMO_WORK_MS'], defaultWorkMs),
		startupMs: milliseconds(env['TUTTI_DEMO_STARTUP_MS'], defaultStartupMs),
		home: nonEmpty(env['TUTTI_DEMO_HOME']) ?? path.join(nonEmpty(env['HOME']) ?? os.homedir(), '.tutti-demo'),
		// The id becomes a file name: anything that could climb out of the directory is replaced.
		sessionId: safeSessionId(session) ? (session as string) : randomUUID(),
		resume: choice.kind === 'resume',
		model: nonEmpty(env['TUTTI_DEMO_MODEL']) ?? defaultModel,
	};
}
