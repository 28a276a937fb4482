import {TuttiError} from '../errors.js';
import {claudeAllowEntries, claudeTool, shellRules, type ShellRule} from './rules.js';

/**
 * `[permissions] allow` rendered in each CLI's own permission config, so the rules a user keeps in
 * tutti also hold when the CLI runs outside it. Formats, from each CLI's documentation:
 * - Claude Code: settings JSON `{"permissions": {"allow": [...]}}` (what `--settings` gets at launch);
 * - Codex: execpolicy rules, Starlark `prefix_rule(pattern = [...], decision = "allow")` in
 *   `~/.codex/rules/*.rules` (token prefixes: a rule allows its words followed by anything);
 * - Gemini CLI: policy engine TOML, `[[rule]] toolName / commandPrefix / decision / priority` in
 *   `~/.gemini/policies/*.toml`;
 * - opencode: `permission` in opencode.json, glob patterns per tool, the last match wins;
 * - Copilot CLI: `--allow-tool` values (`shell(<command>)`, `write`); its saved approvals
 *   (`permissions-config.json`) are per-location answers, not rules, so the flags are the export.
 * Aider, OpenClaw and Qwen Code have no allow-list config tutti can write (see `noPermissionConfig`).
 */
export const exportRuntimes = ['claude-code', 'codex', 'gemini-cli', 'opencode', 'copilot'] as const;
export type ExportRuntime = (typeof exportRuntimes)[number];

const aliases: Record<string, ExportRuntime> = {claude: 'claude-code', 'claude-code': 'claude-code', codex: 'codex', gemini: 'gemini-cli', 'gemini-cli': 'gemini-cli', opencode: 'opencode', copilot: 'copilot'};

/** CLIs without a permission config, and what they offer instead. */
export const noPermissionConfig: Readonly<Record<string, string>> = {
	aider: 'aider has no allow list: it asks before running commands, or runs everything with --yes-always',
	openclaw: 'openclaw has no allow-list file tutti can write; tutti guards its shell commands with PATH shims at launch',
	'qwen-code': 'Qwen Code takes approval modes only (--approval-mode); tutti does not write its settings',
};

export type PolicyExport = {runtime: ExportRuntime; format: 'json' | 'starlark' | 'toml' | 'args'; /** Where the CLI reads it (for the user to copy to). */ location: string; content: string};

/** Renders the rules for `runtime` (`claude` and `gemini` are accepted for their CLIs). */
export function exportPolicy(runtime: string, rules: readonly string[]): PolicyExport {
	const id = aliases[runtime.toLowerCase()];
	if (id === undefined) {
		const none = noPermissionConfig[runtime.toLowerCase()];
		throw new TuttiError('ERR_USAGE', none === undefined ? `unknown runtime "${runtime}" for permissions export` : `${runtime}: no permission config to export (${none})`, {
			hint: `Runtimes with a permission config: claude, codex, gemini, opencode, copilot.`,
		});
	}
	switch (id) {
		case 'claude-code':
			return {runtime: id, format: 'json', location: '.claude/settings.json (or --settings <file>)', content: renderClaudeSettings(rules)};
		case 'codex':
			return {runtime: id, format: 'starlark', location: '~/.codex/rules/tutti.rules', content: renderCodexRules(rules)};
		case 'gemini-cli':
			return {runtime: id, format: 'toml', location: '~/.gemini/policies/tutti.toml', content: renderGeminiPolicy(rules)};
		case 'opencode':
			return {runtime: id, format: 'json', location: 'opencode.json', content: renderOpencodeConfig(rules)};
		case 'copilot':
			return {runtime: id, format: 'args', location: 'copilot command line', content: `${copilotAllowTools(rules).flatMap((tool) => ['--allow-tool', shellWord(tool)]).join(' ')}\n`};
	}
}

/** The `--settings` file for a constrained Claude launch (pretty JSON, newline-terminated). */
export function renderClaudeSettings(rules: readonly string[]): string {
	return `${JSON.stringify({permissions: {allow: claudeAllowEntries(rules)}}, null, 2)}\n`;
}

/** Words of a shell rule's command; undefined for `*` (no prefix rule can say "anything"). */
function ruleWords(rule: ShellRule): string[] | undefined {
	return rule.command === '' ? undefined : rule.command.split(' ');
}

/** Codex prefix rules. JSON strings are valid Starlark strings (both escape `"` and `\`). */
export function renderCodexRules(rules: readonly string[]): string {
	const lines = ['# Written by `tt permissions export --runtime codex` from [permissions] allow.', ''];
	for (const rule of shellRules(rules)) {
		const words = ruleWords(rule);
		if (words === undefined) {
			lines.push(`# "${rule.text}" (anything) has no prefix rule: run codex with --ask-for-approval never instead.`, '');
			continue;
		}
		lines.push(`prefix_rule(pattern = [${words.map((word) => JSON.stringify(word)).join(', ')}], decision = "allow")`, '');
	}
	return lines.join('\n');
}

/** Claude tools → Gemini CLI tool names. */
const geminiTools: Readonly<Record<string, readonly string[]>> = {
	Read: ['read_file', 'read_many_files'],
	Edit: ['replace'],
	MultiEdit: ['replace'],
	Write: ['write_file'],
	Glob: ['glob'],
	Grep: ['search_file_content'],
	LS: ['list_directory'],
	WebFetch: ['web_fetch'],
	WebSearch: ['google_web_search'],
	Bash: ['run_shell_command'],
};

/** Gemini CLI policy rules (priority 100: above the defaults that ask, below admin policies). */
export function renderGeminiPolicy(rules: readonly string[]): string {
	const blocks: string[] = ['# Written by `tt permissions export --runtime gemini` from [permissions] allow.'];
	const tools = [...new Set(rules.flatMap((rule) => geminiTools[claudeTool(rule) ?? ''] ?? []))];
	for (const tool of tools) blocks.push(`[[rule]]\ntoolName = ${JSON.stringify(tool)}\ndecision = "allow"\npriority = 100`);
	for (const rule of shellRules(rules)) {
		const prefix = rule.command === '' ? '' : `\ncommandPrefix = ${JSON.stringify(rule.command)}`;
		blocks.push(`[[rule]]\ntoolName = "run_shell_command"${prefix}\ndecision = "allow"\npriority = 100`);
	}
	return `${blocks.join('\n\n')}\n`;
}

/** Claude tools → opencode permission keys. */
const opencodeTools: Readonly<Record<string, string>> = {Read: 'read', Edit: 'edit', MultiEdit: 'edit', Write: 'edit', Glob: 'glob', Grep: 'grep', LS: 'list', WebFetch: 'webfetch', WebSearch: 'websearch', Bash: 'bash', Task: 'task'};

/** opencode's `permission`: everything else asks; `"*": "ask"` comes first because the last match wins. */
export function renderOpencodeConfig(rules: readonly string[]): string {
	const permission: Record<string, unknown> = {};
	for (const rule of rules) {
		const key = opencodeTools[claudeTool(rule) ?? ''];
		if (key !== undefined) permission[key] = 'allow';
	}
	if (permission['bash'] === undefined) {
		const bash: Record<string, string> = {'*': 'ask'};
		for (const rule of shellRules(rules)) {
			if (rule.command === '') bash['*'] = 'allow';
			else {
				bash[rule.command] = 'allow';
				bash[`${rule.command} *`] = 'allow';
			}
		}
		if (Object.keys(bash).length > 1 || bash['*'] === 'allow') permission['bash'] = bash;
	}
	return `${JSON.stringify({$schema: 'https://opencode.ai/config.json', permission}, null, 2)}\n`;
}

/**
 * Copilot CLI `--allow-tool` values for the rules: shell rules → `shell(<command prefix>)`,
 * Claude edit tools → `write`, `Bash` → `shell`. Read-only tools need no approval in Copilot.
 */
export function copilotAllowTools(rules: readonly string[]): string[] {
	const tools: string[] = [];
	for (const rule of rules) {
		const tool = claudeTool(rule);
		if (tool === 'Bash') tools.push('shell');
		else if (tool === 'Edit' || tool === 'Write' || tool === 'MultiEdit' || tool === 'NotebookEdit') tools.push('write');
	}
	for (const rule of shellRules(rules)) tools.push(rule.command === '' ? 'shell' : `shell(${rule.command})`);
	return [...new Set(tools)];
}

/** One word quoted for a POSIX shell, when it needs it. */
function shellWord(word: string): string {
	return /^[\w@%+=:,./()-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
