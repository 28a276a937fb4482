import path from 'node:path';
import {TuttiError} from '../../core/errors.js';
import {writeFileAtomic} from '../../core/fs-atomic.js';
import {permissionCheck, suggestPermissions} from '../../core/policy/check.js';
import {exportPolicy} from '../../core/policy/export.js';
import {recordCommandDecision} from '../../core/policy/log.js';
import {inertValue} from '../../core/prompt-text.js';
import {paint} from '../output.js';
import {handler, type CliRuntime, type Register} from '../program.js';

/** The workspace here, if there is one (a check outside any workspace is not logged). */
async function workspaceHere(runtime: CliRuntime) {
	try {
		return await runtime.workspace();
	} catch (error) {
		if (error instanceof TuttiError && error.code === 'ERR_CONFIG_NOT_FOUND') return undefined;
		throw error;
	}
}

/**
 * `tt permissions check | suggest | export` (reference §1.2, §11.2): the `[permissions] allow`
 * rules of the global config, checked and rendered by core/policy — the matcher workflow command
 * steps and the shims use.
 */
export const registerPermissions: Register = (program, runtime) => {
	const permissions = program.command('permissions').description('check commands against [permissions] allow, suggest rules for a workflow, export rules for a CLI');
	permissions
		.command('check')
		.description('is this command allowed? (exit 1 when blocked)')
		.argument('<command...>', 'the command, as words')
		// Words of the command that look like options (`git push --force`) are the command's.
		.allowUnknownOption()
		.option('--json', 'print JSON')
		.addHelpText('after', '\nExamples:\n  tt permissions check npm test\n  tt permissions check --json -- git push --force')
		.action(
			handler(runtime, async (words: string[], flags: {json?: boolean}) => {
				const {output} = runtime;
				const rules = (await runtime.services()).global.permissions?.allow;
				const {decision, ...result} = permissionCheck(words.join(' '), rules);
				const ctx = await workspaceHere(runtime);
				if (ctx) recordCommandDecision(ctx, {action: 'permission_check', command: result.command, decision, configured: result.policy_configured});
				if (flags.json) output.json(result);
				else {
					output.out(`${result.allowed ? paint(output, 'green', 'allowed') : paint(output, 'red', 'blocked')}: ${inertValue(result.command)}`);
					output.out(`  ${inertValue(result.reason)}`);
					if (result.suggested_rule !== null) output.out(`  hint: add allow rule '${inertValue(result.suggested_rule)}' (tt permissions suggest <workflow> --apply adds a workflow's)`);
				}
				return result.allowed ? 0 : 1;
			}),
		);
	permissions
		.command('suggest')
		.description("list a workflow's blocked command steps (nested workflows too) and the rules that would allow them")
		.argument('<workflow>', 'workflow name')
		.option('--apply', 'add the suggested rules to [permissions] allow in the global config (comments are kept)')
		.option('--json', 'print JSON')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.action(
			handler(runtime, async (workflow: string, flags: {apply?: boolean; json?: boolean; workspace?: string}) => {
				const {output} = runtime;
				const ctx = await runtime.workspace({workspace: flags.workspace});
				const result = suggestPermissions(ctx.config, workflow, ctx.services.global.permissions?.allow);
				if (flags.apply && result.suggested_rules.length > 0) {
					const {addAllowRules} = await import('../../core/config/permissions-write.js');
					result.applied_rules = await addAllowRules(result.suggested_rules, runtime.env);
				}
				if (flags.json) return output.json(result);
				output.out(`${workflow}: ${result.total_commands} command step(s), ${result.blocked.length} blocked`);
				for (const entry of result.blocked) {
					output.out(`  ${paint(output, 'red', 'blocked')} ${inertValue(entry.command)} (${inertValue(entry.workflow)} step ${entry.step})`);
					output.out(`    ${entry.suggested_rule === null ? `no rule can allow it: ${inertValue(entry.reason)}` : `suggested rule: ${inertValue(entry.suggested_rule)}`}`);
				}
				if (result.applied_rules.length > 0) output.out(`added to [permissions] allow: ${result.applied_rules.map((rule) => inertValue(rule)).join(', ')}`);
				else if (result.suggested_rules.length > 0 && !flags.apply) output.out(`run with --apply to add: ${result.suggested_rules.map((rule) => inertValue(rule)).join(', ')}`);
				return 0;
			}),
		);
	permissions
		.command('export')
		.description("render [permissions] allow in a CLI's own permission config")
		.option('--runtime <runtime>', 'claude, codex, gemini, opencode or copilot', 'claude')
		.option('--output <path>', 'write it to this file instead of stdout')
		.addHelpText('after', '\nExamples:\n  tt permissions export --runtime claude --output .claude/settings.json\n  tt permissions export --runtime codex --output ~/.codex/rules/tutti.rules')
		.action(
			handler(runtime, async (flags: {runtime: string; output?: string}) => {
				const {output} = runtime;
				const rules = (await runtime.services()).global.permissions?.allow ?? [];
				const rendered = exportPolicy(flags.runtime, rules);
				if (flags.output === undefined) {
					process.stdout.write(rendered.content);
					return 0;
				}
				const file = path.resolve(flags.output);
				writeFileAtomic(file, rendered.content);
				output.err(`wrote ${rendered.runtime} permissions (${rules.length} rule(s)) to ${file}; ${rendered.runtime} reads them from ${rendered.location}`);
				return 0;
			}),
		);
};
