import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parse as parseToml} from 'smol-toml';
import * as z from 'zod';
import {TuttiError} from '../errors.js';
import {builtinTemplateTexts} from './builtin-templates.js';

/** The line between a template's `[template]` header and its config body. */
export const templateSeparator = '# ── config below ──';

export type TemplateRole = {defaultRuntime: string | undefined; description: string | undefined};

export type Template = {
	name: string;
	version: string;
	description: string;
	author: string | undefined;
	/** Paths (relative to the project) of which at least one must exist for a match. */
	detect: string[];
	/** Paths that must all exist for a match. */
	detectAll: string[];
	roles: Record<string, TemplateRole>;
	/** The config text after the separator, with `{{project_name}}` placeholders. */
	body: string;
	/** `builtin`, or the template file's absolute path. */
	source: string;
};

// Relative, inside the project: detection only ever looks below the directory it is given.
const relativePath = z
	.string()
	.min(1)
	.refine((value) => !path.isAbsolute(value) && !value.split(/[\\/]/).includes('..'), 'must be a relative path inside the project');

const HeaderSchema = z.object({
	template: z.object({
		name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only'),
		version: z.string().min(1),
		description: z.string().default(''),
		author: z.string().optional(),
		detect: z.array(relativePath).default(() => []),
		detect_all: z.array(relativePath).default(() => []),
		roles: z.record(z.string(), z.object({default_runtime: z.string().optional(), description: z.string().optional()})).default(() => ({})),
	}),
});

/** Parses a template file's text. Throws ERR_TEMPLATE saying what is wrong and where. */
export function parseTemplate(text: string, source: string): Template {
	const lines = text.replaceAll('\r\n', '\n').split('\n');
	const separator = lines.findIndex((line) => line.trim() === templateSeparator);
	if (separator === -1) {
		throw new TuttiError('ERR_TEMPLATE', `${source}: no "${templateSeparator}" line`, {
			hint: 'A template is a [template] table, then that separator line, then the tutti.toml body.',
		});
	}
	let raw: unknown;
	try {
		raw = parseToml(lines.slice(0, separator).join('\n'));
	} catch (error) {
		throw new TuttiError('ERR_TEMPLATE', `${source}: the [template] header is not valid TOML: ${(error as Error).message.split('\n')[0]}`, {
			cause: error,
			hint: 'Fix the header above the separator line.',
		});
	}
	const parsed = HeaderSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue ? issue.path.join('.') : 'template';
		throw new TuttiError('ERR_TEMPLATE', `${source}: ${where}: ${issue?.message ?? 'invalid template header'}`, {
			hint: 'The header needs [template] with name and version; detect / detect_all are lists of relative paths.',
		});
	}
	const header = parsed.data.template;
	return {
		name: header.name,
		version: header.version,
		description: header.description,
		author: header.author,
		detect: header.detect,
		detectAll: header.detect_all,
		roles: Object.fromEntries(
			Object.entries(header.roles).map(([role, value]) => [role, {defaultRuntime: value.default_runtime, description: value.description}]),
		),
		body: `${lines
			.slice(separator + 1)
			.join('\n')
			.replace(/^\n+/, '')
			.replace(/\s+$/, '')}\n`,
		source,
	};
}

let builtins: Template[] | undefined;

/** The built-in templates (minimal, rust-cli, gstack-startup, demo). */
export function listTemplates(): Template[] {
	builtins ??= Object.values(builtinTemplateTexts).map((text) => parseTemplate(text, 'builtin'));
	return [...builtins];
}

/**
 * A built-in template by name, or a template file: a value containing `/` or ending in `.toml`
 * is a path, relative to `cwd` (reference §11.6).
 */
export function loadTemplate(nameOrPath: string, cwd: string): Template {
	if (nameOrPath.includes('/') || nameOrPath.includes(path.sep) || nameOrPath.endsWith('.toml')) {
		const file = path.resolve(cwd, nameOrPath);
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			throw new TuttiError('ERR_TEMPLATE', `cannot read template file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
				cause: error,
				hint: `Check the path, or use a built-in template: ${listTemplates()
					.map((template) => template.name)
					.join(', ')}.`,
			});
		}
		return parseTemplate(text, file);
	}
	const template = listTemplates().find((candidate) => candidate.name === nameOrPath);
	if (!template) {
		const names = listTemplates().map((candidate) => candidate.name);
		throw new TuttiError('ERR_TEMPLATE', `unknown template "${nameOrPath}"`, {
			hint: `Use one of: ${names.join(', ')}; or give a template file path (ending in .toml).`,
		});
	}
	return template;
}

/** `{{project_name}}` goes inside TOML basic strings: escape what would end or break them. */
function tomlStringContent(value: string): string {
	let result = '';
	for (const char of value) {
		const code = char.codePointAt(0) ?? 0;
		if (char === '\\' || char === '"') result += `\\${char}`;
		else if (code < 0x20 || code === 0x7f) result += `\\u${code.toString(16).padStart(4, '0')}`;
		else result += char;
	}
	return result;
}

/** The first line of every generated tutti.toml: `# template: <name> <version>`. */
export function templateTag(template: Pick<Template, 'name' | 'version'>): string {
	return `# template: ${template.name} ${template.version}`;
}

/**
 * The tutti.toml text for a template: the tag line, then the body with `{{project_name}}`
 * replaced (TOML-escaped). Throws ERR_TEMPLATE when the result is not valid TOML.
 */
export function renderTemplate(template: Template, values: {projectName: string}): string {
	const text = `${templateTag(template)}\n${template.body.replaceAll('{{project_name}}', tomlStringContent(values.projectName))}`;
	try {
		parseToml(text);
	} catch (error) {
		throw new TuttiError('ERR_TEMPLATE', `template "${template.name}" does not render valid TOML: ${(error as Error).message.split('\n')[0]}`, {
			cause: error,
			hint: template.source === 'builtin' ? 'This is a bug in tutti; please report it.' : `Fix ${template.source}.`,
		});
	}
	return text;
}
