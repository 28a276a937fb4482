import {existsSync} from 'node:fs';
import type {PromptExpectConfig} from '../config/index.js';
import {Git} from '../git/git.js';
import {checkCommand} from '../policy/match.js';
import {resolveInside} from './safe-path.js';
import type {StepContext} from './step-context.js';

/**
 * A prompt step's `expect` checks (tutti's addition to the reference): what must hold after the
 * agent's turn for the step to count as done — the turn ending without an error is not proof that
 * the work was done. Each failed check is named; whether that fails the step or only warns is the
 * step's `expect.fail_mode`.
 */

/** The agent's HEAD before the prompt, kept in the ledger so a resumed run compares with the same commit. */
export async function headBeforeTurn(sc: StepContext, workdir: string): Promise<string | null> {
	const recorded = sc.effect('expect_head');
	if (recorded) return (recorded.data['head'] as string | null) ?? null;
	const head = (await new Git(workdir, sc.ctx.services.runner).tryRevParse('HEAD')) ?? null;
	sc.mark('expect_head', 'done', {head});
	return head;
}

const maxShown = 400;

function tail(text: string): string {
	const trimmed = text.trim();
	return trimmed.length > maxShown ? `…${trimmed.slice(-maxShown)}` : trimmed;
}

/** Runs the checks in the agent's directory; returns one line per check that failed. */
export async function unmetExpectations(sc: StepContext, expect: PromptExpectConfig, workdir: string, headBefore: string | null): Promise<string[]> {
	const unmet: string[] = [];
	for (const file of expect.files) {
		let target: string;
		try {
			target = resolveInside(workdir, file, `${sc.label}: expect.files`);
		} catch (error) {
			unmet.push(error instanceof Error ? error.message : String(error));
			continue;
		}
		if (!existsSync(target)) unmet.push(`expected file ${file} does not exist in ${workdir}`);
	}
	if (expect.commit) {
		const head = (await new Git(workdir, sc.ctx.services.runner).tryRevParse('HEAD')) ?? null;
		if (head === headBefore) unmet.push(`expected a new commit in ${workdir}, but HEAD is still ${head === null ? 'unborn' : head.slice(0, 12)}`);
	}
	if (expect.command !== undefined) {
		const decision = checkCommand(expect.command, sc.ctx.services.global.permissions?.allow);
		if (!decision.allowed) {
			unmet.push(`expect.command blocked by permissions policy: '${expect.command}' (hint: add allow rule '${decision.suggested}')`);
		} else {
			const result = await sc.ctx.services.runner.run('/bin/sh', ['-lc', expect.command], {cwd: workdir, reject: false, timeoutMs: expect.timeout_secs * 1000});
			if (result.timedOut) unmet.push(`expect.command '${expect.command}' did not finish within ${expect.timeout_secs} s`);
			else if (result.exitCode !== 0) {
				const said = tail(result.stderr) || tail(result.stdout);
				unmet.push(`expect.command '${expect.command}' exited with ${result.exitCode}${said ? `: ${said}` : ''}`);
			}
		}
	}
	return unmet;
}
