import fs from 'node:fs';
import { defineConfig } from '@playwright/test';
import { systemChromium } from './scripts/browser-check.js';

/**
 * End-to-end tests run the production build (`npm test` / `npm run test:e2e` build it first
 * when it is stale) against a fresh, temporary embedded database: see tests/e2e/serve.js.
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const HOST = '127.0.0.1';
const BASE_URL = `http://${HOST}:${PORT}`;

/**
 * Browsers cannot be downloaded everywhere: use the system Chromium when there is one
 * (OPENTAFEL_CHROMIUM, else /usr/bin/chromium), else Playwright's own. scripts/ensure-browser.js
 * checks the same order before the tests start.
 */
const SYSTEM_CHROMIUM = systemChromium(process.env);
const executablePath = fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	// One story on one database: the specs depend on what the earlier steps created.
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: Boolean(process.env.CI),
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: BASE_URL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	// The join story runs first on the empty database (it creates the first account, the
	// admin); the live board story logs in with that account afterwards. Run without its
	// dependency (--no-deps), the board story creates the admin itself.
	projects: [
		{ name: 'join', testMatch: 'gathering.spec.ts', use: { browserName: 'chromium' } },
		{ name: 'board', testMatch: 'board.spec.ts', dependencies: ['join'], use: { browserName: 'chromium' } },
		// Any later spec file runs too, after the join story, instead of being left out silently.
		{ name: 'more', testIgnore: ['gathering.spec.ts', 'board.spec.ts'], dependencies: ['join'], use: { browserName: 'chromium' } }
	],
	webServer: {
		command: 'node tests/e2e/serve.js',
		url: `${BASE_URL}/healthz`,
		env: { PORT: String(PORT), HOST, ORIGIN: BASE_URL },
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe',
		// SIGTERM lets the server close its database and serve.js remove the temporary directory.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 }
	}
});
