import {describe, expect, it} from 'vitest';
import {expandArtifactGlob, isSinglePathTemplate, renderOutputs, shellEscape, type OutputValue} from '../../../src/core/workflow/template.js';

const outputs = new Map<string, OutputValue>([
	['plan', {kind: 'json', path: '/p/.tutti/state/workflow-outputs/r/plan.json', rawPath: undefined, value: {title: "it's $(rm -rf /)", n: 2}}],
	['design', {kind: 'artifact', path: '/p/.tutti/state/workflow-outputs/r/design_doc.json', rawPath: '/p/.tutti/state/workflow-outputs/r/design_doc.raw', value: '# Design\n'}],
]);

describe('templating (reference §8.5)', () => {
	it('fills {{output.<id>.path|json}}; artifacts give their raw copy and a JSON string', () => {
		expect(renderOutputs('see {{output.plan.path}} and {{ output.design.path }}', outputs, {where: 'w'})).toBe('see /p/.tutti/state/workflow-outputs/r/plan.json and /p/.tutti/state/workflow-outputs/r/design_doc.raw');
		expect(renderOutputs('{{output.plan.json}} {{output.design.json}}', outputs, {where: 'w'})).toBe(`{"title":"it's $(rm -rf /)","n":2} "# Design\\n"`);
	});

	it('shell-quotes values in commands so they stay one literal word', () => {
		expect(renderOutputs('echo {{output.plan.json}}', outputs, {where: 'w', shell: true})).toBe(`echo '{"title":"it'\\''s $(rm -rf /)","n":2}'`);
		expect(shellEscape("a'b")).toBe(`'a'\\''b'`);
	});

	it('refuses templates without a value, of unknown fields, or left open', () => {
		expect(() => renderOutputs('{{output.nope.path}}', outputs, {where: 'workflow "w" step 2: text'})).toThrow('workflow "w" step 2: text: {{output.nope.path}} has no value: step "nope" has not produced an output in this run');
		expect(() => renderOutputs('{{output.plan.size}}', outputs, {where: 'w'})).toThrow('{{output.plan.size}} is not a valid template');
		expect(() => renderOutputs('{{output.plan.path', outputs, {where: 'w'})).toThrow('an {{output.…}} template is not terminated');
	});

	it('recognises a lone path template', () => {
		expect(isSinglePathTemplate(' {{output.design.path}} ')).toBe('design');
		expect(isSinglePathTemplate('docs/{{output.design.path}}')).toBeUndefined();
	});

	it('expands {workspace}, {agent}, {slug} and a leading ~/ in artifact globs', async () => {
		let calls = 0;
		const context = {workspace: 'acme', agent: 'planner', home: '/home/u', slug: async () => (calls++, 'acme-web')};
		expect(await expandArtifactGlob('~/.gstack/projects/{slug}/{agent}-*-{workspace}.md', context)).toBe('/home/u/.gstack/projects/acme-web/planner-*-acme.md');
		expect(await expandArtifactGlob('out/*.md', context)).toBe('out/*.md');
		expect(calls).toBe(1);
	});
});
