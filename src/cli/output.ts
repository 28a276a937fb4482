import {isTuttiError, toTuttiError} from '../core/errors.js';

/** Where the CLI writes. Commands never call console.*; they get an Output. */
export type Output = {
	out(text: string): void;
	err(text: string): void;
	json(value: unknown): void;
	/** Colours are on for a TTY unless NO_COLOR is set. */
	color: boolean;
};

export function processOutput(): Output {
	const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env['TERM'] !== 'dumb';
	return {
		out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
		err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
		json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
		color,
	};
}

const codes = {red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2} as const;
export type Style = keyof typeof codes;

export function paint(output: Pick<Output, 'color'>, style: Style, text: string): string {
	return output.color ? `\u001B[${codes[style]}m${text}\u001B[0m` : text;
}

/** Prints an error the way every command does: `error[category]: message` then `  hint: …`. */
export function printError(output: Output, error: unknown): void {
	const tutti = toTuttiError(error);
	output.err(`${paint(output, 'red', `error[${tutti.category}]`)}: ${tutti.message}`);
	if (tutti.hint) output.err(`  hint: ${tutti.hint}`);
	if (!isTuttiError(error) && process.env['TUTTI_DEBUG'] && error instanceof Error && error.stack) output.err(error.stack);
}

/** A plain text table; widths follow the visible text (ANSI codes do not count). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
	const visible = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '').length;
	const widths = headers.map((header, column) => Math.max(visible(header), ...rows.map((row) => visible(row[column] ?? ''))));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - visible(cell)))))
			.join('  ')
			.trimEnd();
	return [line(headers), ...rows.map((row) => line(row))].join('\n');
}
