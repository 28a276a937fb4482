/** Replaced at bundle time by esbuild's `define`; falls back for source runs. */
declare const __TUTTI_VERSION__: string | undefined;
export const version: string = typeof __TUTTI_VERSION__ === 'string' ? __TUTTI_VERSION__ : '0.0.0-dev';
