import {parse, TomlError} from 'smol-toml';
import type * as z from 'zod';
import {TuttiError} from '../errors.js';
import {toWarning, type ConfigWarning} from './findings.js';
import {invalidConfigError, issuesFromZod, syntaxError, type ConfigSchemaFile} from './format-errors.js';
import {TomlPositions} from './locate.js';
import {findUnknownKeys} from './unknown-keys.js';

/** Parses TOML text; syntax errors become ERR_CONFIG_SYNTAX with `file:line:column`. */
export function parseToml(text: string, file: string): Record<string, unknown> {
	try {
		return parse(text, {unsafeKeyBehaviour: 'throw'}) as Record<string, unknown>;
	} catch (error) {
		if (error instanceof TomlError) throw syntaxError(file, text, error);
		throw new TuttiError('ERR_CONFIG_SYNTAX', `${file}: ${(error as Error).message}`, {cause: error, hint: 'Fix the TOML syntax (TOML reference: https://toml.io).'});
	}
}

/**
 * Validates parsed TOML against a schema: schema errors throw ERR_CONFIG_INVALID (at their line
 * and column when `text`, the TOML source, is given), unknown keys come back as warnings (they are
 * dropped from the result, not rejected).
 */
export function applySchema<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, file: string, text?: string, schemaFile?: ConfigSchemaFile): {config: z.output<S>; warnings: ConfigWarning[]} {
	const result = schema.safeParse(raw);
	if (!result.success) throw invalidConfigError(file, issuesFromZod(result.error.issues, raw), text, schemaFile);
	// With the source text, each unknown key is pointed at (file:line:column), like the errors.
	const positions = text === undefined ? undefined : new TomlPositions(text);
	const warnings = findUnknownKeys(schema, raw).map((unknown) => toWarning(file, 'unknown_key', unknown.where, unknown.message, positions?.findKey(unknown.path)));
	return {config: result.data, warnings};
}
