/**
 * `npm test` and `npm run test:e2e` start here: make sure the end-to-end tests will find a
 * Chromium before anything else runs (scripts/browser-check.js decides; this file does the
 * file-system and process calls).
 *
 * Why first, before the build and the unit and integration suites: a missing browser is a
 * setup step like `npm install`, and a newcomer should learn it in seconds, not after minutes
 * of build and suites that they would run again anyway once the browser is there. Whoever
 * wants those suites without a browser has `npm run test:unit` and `npm run test:integration`,
 * which do not come here.
 *
 * When nothing can be fetched it prints one plain line on stderr and exits 1: the installer's
 * own output (a stack trace per retry) is kept and reduced to its cause.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './build-state.js';
import { checkBrowser, installFailureReason, isDebianLike, systemChromium } from './browser-check.js';

const require = createRequire(import.meta.url);
const EXIT_MISSING_BROWSER = 1;

/**
 * Where Playwright launches its Chromium from. Headless runs (ours) launch the headless shell,
 * which `playwright install chromium` installs beside the full browser; the registry is not
 * public API, so when it moves the public executablePath of the full browser stands in.
 * @returns {string | undefined}
 */
function playwrightPath() {
	try {
		const { registry } = require('playwright-core/lib/coreBundle').registry;
		return registry.findExecutable('chromium-headless-shell').executablePath();
	} catch {
		try {
			return require('playwright-core').chromium.executablePath();
		} catch {
			return undefined;
		}
	}
}

function install() {
	const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
	const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], { cwd: root, encoding: 'utf8' });
	if (result.error) return { ok: false, reason: result.error.message };
	return { ok: result.status === 0, reason: installFailureReason(result) };
}

function osRelease() {
	try {
		return readFileSync('/etc/os-release', 'utf8');
	} catch {
		return '';
	}
}

const event = process.env.npm_lifecycle_event;
const outcome = checkBrowser({
	systemPath: systemChromium(process.env),
	exists: existsSync,
	playwrightPath,
	install,
	say: (line) => console.log(line),
	debianLike: isDebianLike(osRelease()),
	rerun: !event || event === 'test' ? 'npm test' : `npm run ${event}`
});
if (outcome.action === 'missing') {
	console.error(outcome.message);
	process.exit(EXIT_MISSING_BROWSER);
}
if (outcome.message) console.log(outcome.message);
