import {defineConfig} from 'vitest/config';

/** End-to-end tests with the real agent CLIs (installed into .cache/e2e-clis on first run). */
export default defineConfig({
	test: {
		include: ['test/e2e/**/*.test.ts'],
		testTimeout: 180_000,
		hookTimeout: 900_000,
		pool: 'forks',
		maxWorkers: 2,
		setupFiles: ['test/helpers/setup.ts'],
		globalSetup: ['test/helpers/global-setup.ts'],
	},
});
