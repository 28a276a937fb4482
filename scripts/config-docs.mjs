#!/usr/bin/env node
// Writes the config reference (docs/config.md) and JSON Schemas for editors
// (docs/schema/tutti.schema.json, docs/schema/global-config.schema.json) from the one zod schema in
// src/core/config, with the doc comments of its fields as descriptions. `--check` fails on drift
// (npm test runs it). Run it after changing the schema:  node scripts/config-docs.mjs
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const schemaFiles = ['schema-workspace.ts', 'schema-workflow.ts', 'schema-global.ts'].map((name) => path.join(root, 'src', 'core', 'config', name));

/** `Const.a.b` → the doc comment of that field, read from the source with the TypeScript parser. */
async function docComments() {
	const ts = (await import('typescript')).default;
	const docs = new Map();
	for (const file of schemaFiles) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
		const visit = (node, trail) => {
			let next = trail;
			if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) next = [node.name.text];
			else if (ts.isPropertyAssignment(node) && trail.length > 0) {
				const name = node.name.getText(source).replace(/^['"]|['"]$/g, '');
				next = [...trail, name];
				const comments = ts.getJSDocCommentsAndTags(node).filter((doc) => ts.isJSDoc(doc));
				const text = comments
					.map((doc) => {
						const body = typeof doc.comment === 'string' ? doc.comment : (doc.comment ?? []).map((part) => part.text).join('');
						return body.replace(/\s+/g, ' ').trim();
					})
					.join(' ')
					.trim();
				if (text !== '') docs.set(next.join('.'), text);
			}
			ts.forEachChild(node, (child) => visit(child, next));
		};
		visit(source, []);
	}
	return docs;
}

/** The schema modules, bundled so the script runs on the TypeScript source. */
async function schemaModules() {
	const esbuild = await import('esbuild');
	const entry = schemaFiles.map((file, index) => `export * as m${index} from ${JSON.stringify(file)};`).join('\n') + "\nexport {z} from 'zod';\n";
	const out = path.join(root, '.cache', 'config-docs-schemas.mjs');
	mkdirSync(path.dirname(out), {recursive: true});
	await esbuild.build({stdin: {contents: entry, resolveDir: root, loader: 'ts'}, bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error'});
	return import(`${pathToFileURL(out).href}?${Date.now()}`);
}

const modules = await schemaModules();
const {z} = modules;
const docs = await docComments();
/** Field name → comment, for fields of unexported helper objects (not schemas themselves). */
const exportedNames = new Set();
for (const module of [modules.m0, modules.m1, modules.m2]) for (const name of Object.keys(module)) exportedNames.add(name);
const shared = new Map();
for (const [key, text] of docs) {
	const [owner, ...rest] = key.split('.');
	if (!exportedNames.has(owner) && rest.length === 1) shared.set(rest[0], text);
}
/** Runtime schema object → the name of the exported const it is. */
const names = new Map();
for (const module of [modules.m0, modules.m1, modules.m2]) for (const [name, value] of Object.entries(module)) if (value && typeof value === 'object' && 'def' in value) names.set(value, name);

/** Strips optional/default/prefault/nullable wrappers. */
function unwrap(schema) {
	let current = schema;
	for (;;) {
		const type = current.def.type;
		if (type === 'optional' || type === 'nullable' || type === 'default' || type === 'prefault' || type === 'readonly' || type === 'catch') current = current.def.innerType;
		else if (type === 'pipe') current = current.def.in;
		else return current;
	}
}

function typeText(json) {
	if (!json || typeof json !== 'object') return 'any';
	if (json.enum) return json.enum.map((value) => JSON.stringify(value)).join(' \\| ');
	if (json.const !== undefined) return JSON.stringify(json.const);
	if (json.anyOf) return json.anyOf.map(typeText).join(' or ');
	if (json.type === 'array') return `list of ${typeText(json.items)}`;
	if (json.type === 'object') return json.properties ? 'table' : 'table of values';
	if (json.type === 'integer') return 'integer';
	return json.type ?? 'any';
}

/** Rows `{key, type, default, description}` for every field of an object schema, depth first. */
function rows(schema, anchor, relative, prefix, out, describe) {
	const object = unwrap(schema);
	const named = names.get(object);
	const base = named ? {anchor: named, relative: []} : {anchor, relative};
	for (const [field, fieldSchema] of Object.entries(object.def.shape)) {
		const docKey = [base.anchor, ...base.relative, field].join('.');
		const json = z.toJSONSchema(fieldSchema, {io: 'input', unrepresentable: 'any'});
		// Fields spread in from a shared, unexported object (the steps' `stepBase`) carry its comments.
		const description = docs.get(docKey) ?? shared.get(field) ?? '';
		describe.set(`${prefix}${field}`, description);
		const inner = unwrap(fieldSchema);
		const element = inner.def.type === 'array' ? unwrap(inner.def.element) : undefined;
		const isTable = inner.def.type === 'object';
		const isArrayOfTables = element && (element.def.type === 'object' || element.def.type === 'union');
		out.push({key: `${prefix}${field}`, type: isTable ? 'table' : isArrayOfTables ? 'array of tables' : typeText(json), default: json.default === undefined ? '' : JSON.stringify(json.default), description: description.replace(/@default .*$/, '').trim()});
		if (isTable) rows(inner, base.anchor, [...base.relative, field], `${prefix}${field}.`, out, describe);
		if (element?.def.type === 'object') rows(element, base.anchor, [...base.relative, field], `${prefix}${field}.`, out, describe);
		if (element?.def.type === 'union') {
			for (const option of element.def.options) {
				const tag = Object.values(option.def.shape).map((value) => unwrap(value)).find((value) => value.def.type === 'literal')?.def.values?.[0];
				rows(option, base.anchor, [...base.relative, field], `${prefix}${field}[type=${tag}].`, out, describe);
			}
		}
	}
	return out;
}

function markdown(title, intro, list) {
	const escape = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
	const lines = [`## ${title}`, '', intro, '', '| Key | Type | Default | Meaning |', '|---|---|---|---|'];
	for (const row of list) lines.push(`| \`${row.key}\` | ${row.type} | ${row.default === '' ? '' : `\`${escape(row.default)}\``} | ${escape(row.description)} |`);
	return lines.join('\n');
}

/** The JSON Schema of `schema` with each property's doc comment as its description. */
function jsonSchema(schema, id, title, describe) {
	const json = z.toJSONSchema(schema, {io: 'input', unrepresentable: 'any'});
	const walk = (node, prefix) => {
		if (!node || typeof node !== 'object') return;
		if (node.properties) {
			for (const [key, value] of Object.entries(node.properties)) {
				const text = describe.get(`${prefix}${key}`);
				if (text) value.description = text;
				walk(value, `${prefix}${key}.`);
			}
		}
		if (node.items) walk(node.items, prefix);
		for (const option of node.anyOf ?? node.oneOf ?? []) {
			const tag = option.properties?.type?.const;
			walk(option, tag === undefined ? prefix : `${prefix.slice(0, -1)}[type=${tag}].`);
		}
	};
	walk(json, '');
	return `${JSON.stringify({$id: id, title, ...json}, null, 2)}\n`;
}

const workspaceDescribe = new Map();
const globalDescribe = new Map();
const workspaceRows = rows(modules.m0.TuttiConfigSchema, 'TuttiConfigSchema', [], '', [], workspaceDescribe);
const globalRows = rows(modules.m2.GlobalConfigSchema, 'GlobalConfigSchema', [], '', [], globalDescribe);
const files = {
	'docs/config.md': `${[
		'# Configuration reference',
		'',
		'Generated from the schema in `src/core/config` by `node scripts/config-docs.mjs`; do not edit by hand.',
		'Editors can validate and complete both files with the JSON Schemas in `docs/schema/` (for example',
		'with Taplo or Even Better TOML: `#:schema ./node_modules/tutti/docs/schema/tutti.schema.json` as the first line).',
		'',
		'Keys are written as TOML paths: `agent.name` is `name` inside an `[[agent]]` table;',
		'`workflow.step[type=command].run` is `run` in a `[[workflow.step]]` whose `type = "command"`.',
		'Unknown keys are reported as warnings with a suggestion, never silently ignored.',
		'',
		markdown('tutti.toml', 'The project file, found by walking up from the current directory.', workspaceRows),
		'',
		markdown('~/.config/tutti/config.toml', 'The global file (`$XDG_CONFIG_HOME/tutti/config.toml` when that is set).', globalRows),
	].join('\n')}\n`,
	'docs/schema/tutti.schema.json': jsonSchema(modules.m0.TuttiConfigSchema, 'https://tutti.invalid/schema/tutti.schema.json', 'tutti.toml', workspaceDescribe),
	'docs/schema/global-config.schema.json': jsonSchema(modules.m2.GlobalConfigSchema, 'https://tutti.invalid/schema/global-config.schema.json', 'tutti global config.toml', globalDescribe),
};

if (process.argv.includes('--check')) {
	const stale = Object.entries(files).filter(([file, text]) => {
		try {
			return readFileSync(path.join(root, file), 'utf8') !== text;
		} catch {
			return true;
		}
	});
	if (stale.length > 0) {
		process.stderr.write(`out of date: ${stale.map(([file]) => file).join(', ')}; run node scripts/config-docs.mjs\n`);
		process.exit(1);
	}
} else {
	for (const [file, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
		writeFileSync(path.join(root, file), text);
	}
	process.stdout.write(`wrote ${Object.keys(files).join(', ')}\n`);
}
