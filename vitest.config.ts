import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		// The real agent CLIs (~1.4 GB) run under `npm run test:e2e`, which CI runs too.
		exclude: ['test/e2e/**', 'node_modules/**'],
		// Integration tests drive real tmux and git; two cores are shared by everything.
		testTimeout: 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
		maxWorkers: 2,
		setupFiles: ['test/helpers/setup.ts'],
		globalSetup: ['test/helpers/global-setup.ts'],
	},
});
