import type * as z from 'zod';
import {describePath, type KeyPath} from './paths.js';
import {suggest} from './suggest.js';

/** A key the schema does not know: kept out of the config and reported as a warning. */
export type UnknownKey = {path: KeyPath; key: string; where: string; message: string};

type Def = {
	type: string;
	shape?: Record<string, z.ZodType>;
	innerType?: z.ZodType;
	in?: z.ZodType;
	element?: z.ZodType;
	valueType?: z.ZodType;
	options?: z.ZodType[];
	discriminator?: string;
	values?: unknown[];
};

function defOf(schema: z.ZodType): Def {
	return (schema as unknown as {_zod: {def: Def}})._zod.def;
}

/** Strips optional/default/prefault/pipe wrappers down to the schema that holds the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
	let current = schema;
	for (;;) {
		const def = defOf(current);
		const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
		if (next === undefined) return current;
		current = next;
	}
}

function isTable(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function literalValues(schema: z.ZodType): unknown[] {
	return defOf(unwrap(schema)).values ?? [];
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
	return defOf(schema).shape;
}

/** For a discriminated union: the option matching the value, plus every option's keys. */
function pickOption(def: Def, value: Record<string, unknown>): {option?: z.ZodType; owners: Map<string, string[]>} {
	const owners = new Map<string, string[]>();
	let option: z.ZodType | undefined;
	for (const candidate of def.options ?? []) {
		const shape = shapeOf(unwrap(candidate)) ?? {};
		const tag = def.discriminator ? literalValues(shape[def.discriminator]!).map(String) : [];
		for (const key of Object.keys(shape)) owners.set(key, [...(owners.get(key) ?? []), ...tag]);
		if (def.discriminator && tag.includes(String(value[def.discriminator]))) option = candidate;
	}
	return {option, owners};
}

function walk(schema: z.ZodType, value: unknown, path: KeyPath, root: unknown, found: UnknownKey[]): void {
	const inner = unwrap(schema);
	const def = defOf(inner);
	if (def.type === 'array' && def.element && Array.isArray(value)) {
		value.forEach((item, index) => walk(def.element!, item, [...path, index], root, found));
		return;
	}
	if (!isTable(value)) return;
	if (def.type === 'record' && def.valueType) {
		for (const [key, item] of Object.entries(value)) walk(def.valueType, item, [...path, key], root, found);
		return;
	}
	if (def.type === 'union' && def.discriminator) {
		const {option, owners} = pickOption(def, value);
		if (option) checkObject(option, value, path, root, found, owners, def.discriminator);
		return;
	}
	if (def.type === 'object') checkObject(inner, value, path, root, found);
}

function checkObject(
	schema: z.ZodType,
	value: Record<string, unknown>,
	path: KeyPath,
	root: unknown,
	found: UnknownKey[],
	owners?: Map<string, string[]>,
	discriminator?: string,
): void {
	const shape = shapeOf(unwrap(schema)) ?? {};
	const where = describePath(path, root);
	for (const [key, item] of Object.entries(value)) {
		const field = shape[key];
		if (field) {
			walk(field, item, [...path, key], root, found);
			continue;
		}
		const onlyFor = (owner: string) => ` only for ${discriminator} = ${owners!.get(owner)!.map((name) => `"${name}"`).join(', ')}`;
		const close = suggest(key, Object.keys(shape));
		const closeElsewhere = owners ? suggest(key, owners.keys()) : undefined;
		let hint = '';
		if (owners?.has(key)) hint = ` (${onlyFor(key).trim()})`;
		else if (close !== undefined) hint = ` (did you mean "${close}"?)`;
		else if (closeElsewhere !== undefined) hint = ` (did you mean "${closeElsewhere}"? it is${onlyFor(closeElsewhere)})`;
		const message = `unknown key "${key}" is ignored${hint}`;
		found.push({path: [...path, key], key, where, message});
	}
}

/** Keys of `raw` that `schema` does not declare, with a "did you mean" when one is close. */
export function findUnknownKeys(schema: z.ZodType, raw: unknown): UnknownKey[] {
	const found: UnknownKey[] = [];
	walk(schema, raw, [], raw, found);
	return found;
}
