/**
 * Which Chromium the end-to-end tests will launch, and what to do when there is none. Pure:
 * every file-system and process call is passed in, so the decision is unit-tested without a
 * browser, a network or a package manager (tests/unit/browser-check.test.ts).
 *
 * Order, the same as playwright.config.ts: the system Chromium (OPENTAFEL_CHROMIUM, else
 * /usr/bin/chromium) when it exists; else Playwright's own when it is installed; else
 * Playwright's is downloaded once; else the contributor is told in one line what to install.
 */

export const DEFAULT_SYSTEM_CHROMIUM = '/usr/bin/chromium';
const MAX_REASON_CHARS = 160;
// eslint-disable-next-line no-control-regex -- ANSI colour codes in the installer's output
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/**
 * The system Chromium to prefer: `OPENTAFEL_CHROMIUM` when set (a browser elsewhere, or a
 * path that does not exist to force Playwright's own), else the Debian package's path.
 * @param {Record<string, string | undefined>} env
 */
export function systemChromium(env) {
	return env.OPENTAFEL_CHROMIUM || DEFAULT_SYSTEM_CHROMIUM;
}

/**
 * Debian and its derivatives package Chromium at /usr/bin/chromium. Ubuntu's `chromium-browser`
 * is a wrapper around a snap, not at that path, and Playwright's download works there, so
 * Ubuntu and its derivatives are told to use Playwright's.
 * @param {string} osRelease the text of /etc/os-release ('' when there is none)
 */
export function isDebianLike(osRelease) {
	const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]*)/gm)].flatMap((match) => match[1].split(/\s+/));
	return ids.includes('debian') && !ids.includes('ubuntu');
}

/**
 * Whether a line of `playwright install`'s output (not a terminal: one line per tenth) shows
 * the download's progress. Only these are passed on while it runs, so a slow download is seen
 * to move and a failed one shows no retries or stack traces.
 * @param {string} line
 */
export function isDownloadProgress(line) {
	const plain = line.replace(ANSI_COLOUR, '').trim();
	return /^\|[^|]*\|\s*\d+% of [\d.]+ MiB$/.test(plain) || / downloaded to \S/.test(plain);
}

/**
 * The cause of a failed `playwright install`, in a few words: its output is a stack trace per
 * retry, of which only the first error line says why (offline, no permission, unsupported).
 * @param {{ stdout: string, stderr: string, status: number | null }} result
 */
export function installFailureReason({ stdout, stderr, status }) {
	const lines = `${stderr}\n${stdout}`.replace(ANSI_COLOUR, '').split('\n');
	const wrappers = /^Error: (Failed to download|Download failure)/;
	const cause = lines.map((line) => line.trim()).find((line) => line.startsWith('Error: ') && !wrappers.test(line));
	// A refused download quotes the server's whole error page after "body": the status says enough.
	const reason = cause ? cause.slice('Error: '.length).replace(/ body '.*$/, '') : `exit code ${status ?? 'unknown'}`;
	return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
}

/**
 * @typedef {object} BrowserCheckOptions
 * @property {string} systemPath the system Chromium to look for first
 * @property {(path: string) => boolean} exists
 * @property {() => string | undefined} playwrightPath where Playwright's Chromium is or would be
 *   installed (undefined when playwright-core cannot say)
 * @property {() => Promise<{ ok: boolean, reason: string }>} install runs `playwright install chromium`
 * @property {(line: string) => void} say announces the download before it starts (it takes a while)
 * @property {boolean} debianLike
 * @property {string} rerun the command to run again once the browser is there
 *
 * @typedef {object} BrowserCheckResult
 * @property {'system' | 'playwright' | 'installed' | 'missing'} action
 * @property {string} [message] the line to show; for 'missing' the only line
 */

/**
 * @param {BrowserCheckOptions} options
 * @returns {Promise<BrowserCheckResult>}
 */
export async function checkBrowser({ systemPath, exists, playwrightPath, install, say, debianLike, rerun }) {
	if (exists(systemPath)) return { action: 'system' };
	const before = playwrightPath();
	if (before && exists(before)) return { action: 'playwright' };

	say(`No Chromium at ${systemPath}: downloading Playwright's own (npx playwright install chromium, a few hundred MB, once)…`);
	const result = await install();
	// A clean exit is not enough: the browser must be where Playwright will launch it.
	const after = playwrightPath();
	if (result.ok && after && exists(after)) return { action: 'installed', message: `Chromium installed: ${after}` };

	const reason = result.ok ? `not found at ${after ?? "Playwright's browser path"} after installing` : result.reason;
	const fix = debianLike
		? 'install it with `apt-get install chromium`'
		: 'install it with `npx playwright install chromium` where that can download, or set OPENTAFEL_CHROMIUM to a Chromium you have';
	return {
		action: 'missing',
		message: `The end-to-end tests need Chromium and none could be fetched (${reason}): ${fix}, then run ${rerun} again.`
	};
}
