/**
 * `npm run test:cluster`: several nodes behind nginx on PostgreSQL and a private Redis. Kept
 * out of the main Vitest projects so `npm test` needs neither Redis nor nginx.
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	resolve: { alias: { $lib: path.resolve('src/lib') } },
	test: {
		include: ['tests/cluster/**/*.test.ts'],
		environment: 'node',
		// Generous: other people's tests share this machine's two cores.
		testTimeout: 180_000,
		hookTimeout: 180_000,
		// Each file runs a whole installation; side by side they would only slow each other.
		fileParallelism: false
	}
});
