// Lint enforces the import direction of SPEC §1: cli → {tui, server, adapters} → core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns, message) => ({
	'no-restricted-imports': ['error', {patterns: patterns.map((group) => ({group: [group], message}))}],
});

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/artifacts/**', '.cache/**', 'src/server/dashboard/vendor/**']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {globals: {...globals.node}},
		rules: {
			'no-console': 'error',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/consistent-type-imports': 'error',
			'no-throw-literal': 'error',
			// tutti parses terminal output: escape and control characters in patterns are the point.
			'no-control-regex': 'off',
		},
	},
	{
		files: ['src/core/**'],
		rules: restrict(
			['**/cli/**', '**/tui/**', '**/server/**', '**/adapters/**', 'react', 'react/*', 'ink', 'ink-*', 'fastify', '@fastify/*'],
			'core is headless: it must not import the CLI, TUI, server, adapters or any UI/HTTP library (SPEC §1).',
		),
	},
	{
		files: ['src/adapters/**'],
		rules: restrict(['**/cli/**', '**/tui/**', '**/server/**', 'react', 'ink', 'fastify'], 'adapters depend on core only (SPEC §1).'),
	},
	{
		files: ['src/tui/**'],
		rules: restrict(['**/cli/**', '**/server/**', '**/adapters/**', 'fastify', '@fastify/*'], 'tui uses core only; never the server, the CLI or a concrete adapter.'),
	},
	{
		files: ['src/server/**'],
		rules: restrict(['**/cli/**', '**/tui/**', '**/adapters/**', 'react', 'ink', 'ink-*'], 'server uses core only; never the TUI, the CLI or a concrete adapter.'),
	},
	{
		// Every table has one owner in core/store; everything else goes through its methods.
		files: ['src/**'],
		ignores: ['src/core/store/**'],
		rules: {
			'no-restricted-syntax': ['error', {selector: "MemberExpression[property.name='db']", message: 'Only core/store touches Store.db: add a method to the store module that owns the table.'}],
		},
	},
	{
		files: ['test/**', 'bench/**', 'scripts/**'],
		rules: {'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off'},
	},
	{
		files: ['src/adapters/demo/program/**'],
		rules: {'no-console': 'error'},
	},
);
