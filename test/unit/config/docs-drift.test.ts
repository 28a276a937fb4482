import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../../helpers/tt.js';

describe('generated config docs', () => {
	it('docs/config.md and the JSON Schemas match the zod schema (run node scripts/config-docs.mjs)', () => {
		const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'config-docs.mjs'), '--check'], {cwd: repoRoot, encoding: 'utf8'});
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	it('the JSON Schema describes every top-level table of tutti.toml', () => {
		const schema = JSON.parse(readFileSync(path.join(repoRoot, 'docs', 'schema', 'tutti.schema.json'), 'utf8')) as {properties: Record<string, {description?: string}>; required?: string[]};
		expect(Object.keys(schema.properties)).toEqual(['workspace', 'defaults', 'roles', 'launch', 'agent', 'tool_pack', 'workflow', 'hook', 'handoff', 'observe', 'budget', 'webhook', 'watch', 'resources', 'messages']);
		expect(schema.required).toEqual(['workspace']);
	});
});
