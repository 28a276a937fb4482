/**
 * Key paths as users read them. Arrays of tables (`[[agent]]`) are named by their `name` when it is
 * a plain, unique name — `agent "implementer"` — and otherwise numbered from 1 — `agent #2`; steps
 * are `step 3` (the number `depends_on` uses). Other keys are dotted: `agent "x".env.HOME`.
 */
export type KeyPath = readonly PropertyKey[];

const PLAIN_NAME = /^[A-Za-z0-9][\w .:@+-]{0,63}$/;

export function valueAt(root: unknown, path: KeyPath): unknown {
	let current = root;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<PropertyKey, unknown>)[segment];
	}
	return current;
}

function isTable(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function elementLabel(array: readonly unknown[], key: PropertyKey, index: number, nameIsTheProblem: boolean): string {
	if (key === 'step') return ` step ${index + 1}`;
	const element = array[index];
	const name = isTable(element) ? element['name'] : undefined;
	if (nameIsTheProblem || typeof name !== 'string' || !PLAIN_NAME.test(name)) return ` #${index + 1}`;
	const twins = array.filter((other) => isTable(other) && other['name'] === name).length;
	return twins > 1 ? ` "${name}" (#${index + 1})` : ` "${name}"`;
}

/** `agent "implementer".runtime`, `workflow "ship" step 3.output_json`, `workspace.env."MY VAR"`. */
export function describePath(path: KeyPath, root: unknown): string {
	let text = '';
	let current: unknown = root;
	for (let position = 0; position < path.length; position++) {
		const segment = path[position]!;
		if (typeof segment === 'number' && Array.isArray(current)) {
			const nameIsTheProblem = path[position + 1] === 'name' && position + 2 === path.length;
			text += elementLabel(current, path[position - 1] ?? '', segment, nameIsTheProblem);
		} else if (segment === 'step' && typeof path[position + 1] === 'number') {
			// Printed by the element label: `workflow "ship" step 3`.
		} else {
			const key = String(segment);
			const shown = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
			text += text === '' ? shown : `.${shown}`;
		}
		current = isTable(current) || Array.isArray(current) ? (current as Record<PropertyKey, unknown>)[segment] : undefined;
	}
	return text;
}

/** A short description of a TOML value for "got …". */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
	if (value instanceof Date || (typeof value === 'object' && value !== null && value.constructor?.name === 'TomlDate')) return 'a date';
	if (isTable(value)) return 'a table';
	return typeof value;
}
