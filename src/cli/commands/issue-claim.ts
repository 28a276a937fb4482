import path from 'node:path';
import {InvalidArgumentError} from 'commander';
import type {WorkspaceContext} from '../../core/agents/context.js';
import {acquireClaim, defaultClaimState, heartbeatClaim, releaseClaim, sweepClaims, type ClaimWhere} from '../../core/claims/index.js';
import {TuttiError} from '../../core/errors.js';
import {inertValue} from '../../core/prompt-text.js';
import {handler, intOption, type CliRuntime, type Register} from '../program.js';

type Common = {backend?: string; repo?: string; json?: boolean};

function backendOption(value: string): 'github' | 'local' {
	if (value !== 'github' && value !== 'local') throw new InvalidArgumentError('must be github or local.');
	return value;
}

/** The workspace here, if any: relative state paths and the local backend's store belong to it. */
async function here(runtime: CliRuntime): Promise<WorkspaceContext | undefined> {
	try {
		return await runtime.workspace();
	} catch (error) {
		if (error instanceof TuttiError && error.code === 'ERR_CONFIG_NOT_FOUND') return undefined;
		throw error;
	}
}

async function where(runtime: CliRuntime, flags: Common & {issue?: string[]}): Promise<{where: ClaimWhere; root: string}> {
	const ctx = await here(runtime);
	const root = ctx?.root ?? process.cwd();
	// Named work items mean the local backend unless GitHub is asked for.
	const backend = (flags.backend ?? (flags.issue && flags.issue.length > 0 ? 'local' : 'github')) as 'github' | 'local';
	return {root, where: {backend, runner: (await runtime.services()).runner, env: runtime.env, cwd: root, repo: flags.repo, ...(ctx ? {store: () => ctx.store} : {})}};
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `tt issue-claim acquire | heartbeat | release | sweep` (reference §11.4): leases on issues so
 * parallel runs never take the same one — on GitHub through `gh`, or in the workspace store for
 * named work items (`--issue`).
 */
export const registerIssueClaim: Register = (program, runtime) => {
	const claim = program.command('issue-claim').description('claim issues with leases (GitHub via gh, or local work items) so parallel runs never take the same one');
	claim
		.command('acquire')
		.description('claim the oldest open issue with the label (or the first free --issue); prints the state file')
		.option('--output <path>', 'where to write the claimed issue', defaultClaimState)
		.option('--label <label>', 'issues to choose from', 'agent-ops')
		.option('--milestone <milestone>', 'only issues in this milestone (number or title)')
		.option('--lease-ttl-secs <n>', 'lease length without a heartbeat', intOption('--lease-ttl-secs', 10, 7 * 24 * 3600), 1800)
		.option('--issue <item>', 'local backend: a work item to claim (repeat; first free wins)', collect)
		.option('--backend <backend>', 'github or local (default: local with --issue, else github)', backendOption)
		.option('--repo <owner/name>', 'GitHub repository (default: $GITHUB_REPOSITORY, or gh repo view)')
		.option('--json', 'print the claimed issue as JSON')
		.addHelpText('after', '\nExamples:\n  tt issue-claim acquire --label agent-ops --lease-ttl-secs 900\n  tt issue-claim acquire --issue 12 --issue 15')
		.action(
			handler(runtime, async (flags: Common & {output: string; label: string; milestone?: string; leaseTtlSecs: number; issue?: string[]}) => {
				const {where: at, root} = await where(runtime, flags);
				const output = path.resolve(root, flags.output);
				const claimed = await acquireClaim(at, {label: flags.label, milestone: flags.milestone, ttlSecs: flags.leaseTtlSecs, issues: flags.issue, output});
				if (flags.json) runtime.output.json(claimed);
				else {
					runtime.output.err(`claimed ${claimed.backend === 'github' ? `#${claimed.issue_key}` : claimed.issue_key}: ${inertValue(claimed.title)} (lease ${claimed.lease_ttl_secs}s, run ${inertValue(claimed.run_id)})`);
					runtime.output.out(output);
				}
			}),
		);
	for (const verb of ['heartbeat', 'release'] as const) {
		const command = claim
			.command(verb)
			.description(verb === 'heartbeat' ? 'renew the lease of the claim in the state file' : 'release the claim in the state file')
			.option('--state <path>', 'the state file acquire wrote', defaultClaimState)
			.option('--json', 'print the claim as JSON');
		if (verb === 'release') command.option('--reason <text>', 'why', 'workflow completed');
		command.action(
			handler(runtime, async (flags: Common & {state: string; reason?: string}) => {
				const {where: at, root} = await where(runtime, flags);
				const file = path.resolve(root, flags.state);
				const next = verb === 'heartbeat' ? await heartbeatClaim(at, file) : await releaseClaim(at, file, flags.reason ?? 'workflow completed');
				if (flags.json) runtime.output.json(next);
				else runtime.output.out(verb === 'heartbeat' ? `renewed the claim on ${next.issue_key} (heartbeat ${next.last_heartbeat_at})` : `released the claim on ${next.issue_key}`);
			}),
		);
	}
	claim
		.command('sweep')
		.description('release every expired claim (and drop the label from issues no live claim holds)')
		.option('--backend <backend>', 'github or local', backendOption)
		.option('--repo <owner/name>', 'GitHub repository (default: $GITHUB_REPOSITORY, or gh repo view)')
		.option('--json', 'print JSON')
		.action(
			handler(runtime, async (flags: Common) => {
				const {where: at} = await where(runtime, flags);
				const result = await sweepClaims(at);
				if (flags.json) return runtime.output.json(result);
				runtime.output.out(result.released.length === 0 ? 'no expired claims' : result.released.map((entry) => `released expired claim on ${inertValue(entry.issue_key)} (run ${inertValue(entry.run_id)})`).join('\n'));
			}),
		);
};
