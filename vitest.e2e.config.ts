import {defineConfig} from 'vitest/config';

/** End-to-end tests with the real agent CLIs (installed into .cache/e2e-clis on first run). */
export default defineConfig({
	test: {
		include: ['test/e2e/**/*.test.ts'],
		testTimeout: 180_000,
		hookTimeout: 900_000,
		pool: 'forks',
		// Most of an e2e test is waiting on a CLI's own timers (Qwen Code's retries alone take 80 s
		// twice), not CPU: a third worker cut the suite from 427 s to 368 s on 2 cores.
		maxWorkers: 3,
		setupFiles: ['test/helpers/setup.ts'],
		globalSetup: ['test/helpers/global-setup.ts'],
	},
});
