import {describe, expect, it} from 'vitest';
import {claudeAllowEntries, copilotAllowTools, isToolRule, normalizeRule, policyAppendix, renderClaudeSettings, shellRules} from '../../../src/adapters/shared/permissions.js';

describe('[permissions] rules', () => {
	it('normalises whitespace', () => {
		expect(normalizeRule('  npm   run\ttest  ')).toBe('npm run test');
	});

	it('tells tool rules from shell rules', () => {
		expect(['Read', 'edit', 'WebFetch(domain:x.dev)', 'Bash(git diff:*)', 'mcp__github__get_issue(x)'].every(isToolRule)).toBe(true);
		expect(['npm test', 'cargo *', 'read-file', 'git'].some(isToolRule)).toBe(false);
	});

	it('renders Claude settings: tools kept (canonical case), Tool(...) kept, the rest as Bash(...)', () => {
		expect(claudeAllowEntries(['read', 'MultiEdit', 'Bash(git status)', 'npm run *', 'git'])).toEqual(['Read', 'MultiEdit', 'Bash(git status)', 'Bash(npm run *)', 'Bash(git)']);
		expect(renderClaudeSettings(['Read'])).toBe('{\n  "permissions": {\n    "allow": [\n      "Read"\n    ]\n  }\n}\n');
	});

	it('shell rules for the shims: non-tool rules plus the inside of Bash(...)', () => {
		expect(shellRules(['Read', 'npm test', 'Bash(git diff:*)', 'Bash(ls)', 'WebFetch(domain:x)', 'npm test'])).toEqual(['npm test', 'git diff *', 'ls']);
	});

	it('maps rules to Copilot tools', () => {
		expect(copilotAllowTools(['Read', 'Write', 'Edit', 'Bash', 'git status', 'npm run *', 'Bash(make:*)'])).toEqual(['write', 'shell', 'shell(git status)', 'shell(npm run)', 'shell(make)']);
	});

	it('policy appendix names the runtime and lists the rules', () => {
		expect(policyAppendix('codex', ['npm test', 'apply_patch *'])).toBe(
			'## Tutti launch policy (codex)\n\nOnly run shell commands that match these allow rules:\n- npm test\n- apply_patch *\n\nOther commands are blocked by Tutti shims.',
		);
	});
});
