import {OUTPUT_TEMPLATE} from '../config/rules.js';
import {TuttiError} from '../errors.js';

/** A value a step produced: parsed `output_json`, or an artifact's text. */
export type OutputValue = {
	kind: 'json' | 'artifact';
	/** Canonical copy: `.tutti/state/workflow-outputs/<run>/<name>.json`. */
	path: string;
	/** Artifacts only: the raw copy `<name>.raw`. */
	rawPath: string | undefined;
	/** Parsed JSON, or the artifact's text. */
	value: unknown;
};

export type Outputs = ReadonlyMap<string, OutputValue>;

/** Single-quotes `value` for POSIX sh: the shell sees it as one literal word. */
export function shellEscape(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The value of `{{output.<id>.path}}` (artifacts: their raw copy) or `.json` (compact JSON). */
export function outputField(output: OutputValue, field: 'path' | 'json'): string {
	if (field === 'path') return output.kind === 'artifact' && output.rawPath ? output.rawPath : output.path;
	return JSON.stringify(output.value);
}

/**
 * Replaces `{{output.<id>.path|json}}` (reference §8.5). With `shell`, values are single-quoted
 * so a command sees each as one word whatever it contains. A template without a value (its step
 * has not produced one in this run) or anything left looking like `{{output.` is an error.
 */
export function renderOutputs(text: string, outputs: Outputs, options: {shell?: boolean; where: string}): string {
	if (text.replace(OUTPUT_TEMPLATE, '').includes('{{output.')) throw templateError(options.where, 'an {{output.…}} template is not terminated');
	return text.replace(OUTPUT_TEMPLATE, (template: string, id: string, field: string) => {
		if (field !== 'path' && field !== 'json') throw templateError(options.where, `${template} is not a valid template (use {{output.<id>.path}} or {{output.<id>.json}})`);
		const output = outputs.get(id);
		if (!output) throw templateError(options.where, `${template} has no value: step "${id}" has not produced an output in this run`);
		const value = outputField(output, field);
		return options.shell ? shellEscape(value) : value;
	});
}

/** Output templates a text uses: `[id, field]` pairs. */
export function templatesIn(text: string): Array<{template: string; id: string; field: string}> {
	return [...text.matchAll(OUTPUT_TEMPLATE)].map((match) => ({template: match[0], id: match[1] ?? '', field: match[2] ?? ''}));
}

/** Whether `entry` is exactly one `{{output.<id>.path}}` template and nothing else. */
export function isSinglePathTemplate(entry: string): string | undefined {
	const match = /^\s*\{\{\s*output\.([A-Za-z0-9_-]+)\.path\s*\}\}\s*$/.exec(entry);
	return match?.[1];
}

export type GlobContext = {workspace: string; agent: string; home: string; slug: () => Promise<string>};

/**
 * Expands an `artifact_glob`: `{workspace}`, `{agent}`, `{slug}` (gstack's project slug) and a
 * leading `~/` (reference §8.5).
 */
export async function expandArtifactGlob(glob: string, context: GlobContext): Promise<string> {
	let expanded = glob.replaceAll('{workspace}', context.workspace).replaceAll('{agent}', context.agent);
	if (expanded.includes('{slug}')) expanded = expanded.replaceAll('{slug}', await context.slug());
	if (expanded === '~' || expanded.startsWith('~/')) expanded = `${context.home}${expanded.slice(1)}`;
	return expanded;
}

function templateError(where: string, message: string): TuttiError {
	return new TuttiError('ERR_STATE', `${where}: ${message}`, {
		hint: 'A template can only use outputs of steps that ran before it in this run (depends_on); check the step ids and output_json.',
	});
}
