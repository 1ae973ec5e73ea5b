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
 * While Playwright's browser downloads, only its progress lines are shown. When nothing can be
 * fetched it prints one plain line on stderr and exits 1: the installer's own output (a stack
 * trace per retry) is kept and reduced to its cause.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { root } from './build-state.js';
import { checkBrowser, installFailureReason, isDebianLike, isDownloadProgress, systemChromium } from './browser-check.js';

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

/**
 * Runs `playwright install chromium` with its output kept: progress lines are passed on as
 * they come, the rest is only read for the cause of a failure.
 * @returns {Promise<{ ok: boolean, reason: string }>}
 */
function install() {
	const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
	const child = spawn(process.execPath, [cli, 'install', 'chromium'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	createInterface({ input: child.stdout }).on('line', (line) => {
		stdout += `${line}\n`;
		if (isDownloadProgress(line)) console.log(line);
	});
	child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
	return new Promise((resolve) => {
		child.on('error', (error) => resolve({ ok: false, reason: error.message }));
		child.on('close', (status) => resolve({ ok: status === 0, reason: installFailureReason({ stdout, stderr, status }) }));
	});
}

function osRelease() {
	try {
		return readFileSync('/etc/os-release', 'utf8');
	} catch {
		return '';
	}
}

const event = process.env.npm_lifecycle_event;
const outcome = await checkBrowser({
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
	process.exitCode = EXIT_MISSING_BROWSER;
} else if (outcome.message) {
	console.log(outcome.message);
}
