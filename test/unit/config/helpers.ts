import {TuttiError} from '../../../src/core/errors.js';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';

/** The TuttiError `fn` throws (fails the test when it throws nothing or something else). */
export function errorOf(fn: () => unknown): TuttiError {
	try {
		fn();
	} catch (error) {
		if (error instanceof TuttiError) return error;
		throw error;
	}
	throw new Error('expected a TuttiError');
}

/** Every issue line (`file: where: message`) of an invalid config, not only the five listed. */
export function issuesOf(text: string): string[] {
	const error = errorOf(() => parseWorkspaceConfig(text, 'tutti.toml'));
	expectCode(error, 'ERR_CONFIG_INVALID');
	const issues = (error.details?.['issues'] ?? []) as Array<{where: string; message: string}>;
	return issues.map((issue) => (issue.where === '' ? `tutti.toml: ${issue.message}` : `tutti.toml: ${issue.where}: ${issue.message}`));
}

function expectCode(error: TuttiError, code: string): void {
	if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
}
