// @ts-expect-error: a plain .mjs helper shared with the benchmarks (no types).
import {watchScript as find} from '../../../bench/watch-build.mjs';

/** The script that runs `tt watch` (dist/tt.js once the CLI registers the command). */
export async function watchScript(): Promise<string> {
	return (await find()) as string;
}
