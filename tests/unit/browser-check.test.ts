import { describe, expect, it, vi } from 'vitest';
import { checkBrowser, DEFAULT_SYSTEM_CHROMIUM, installFailureReason, isDebianLike, isDownloadProgress, systemChromium } from '../../scripts/browser-check.js';

const SYSTEM = '/usr/bin/chromium';
const PLAYWRIGHT = '/home/a/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell';

/** A machine with the given files; `install` adds Playwright's browser when it succeeds. */
function machine({ files = [] as string[], installs = true, reason = 'getaddrinfo ENOTFOUND cdn.playwright.dev', debianLike = true } = {}) {
	const present = new Set(files);
	const install = vi.fn(async () => {
		if (installs) present.add(PLAYWRIGHT);
		return { ok: installs, reason: installs ? '' : reason };
	});
	const say = vi.fn();
	const options = {
		systemPath: SYSTEM,
		exists: (path: string) => present.has(path),
		playwrightPath: () => PLAYWRIGHT,
		install,
		say,
		debianLike,
		rerun: 'npm test'
	};
	return { options, install, say };
}

describe('checkBrowser', () => {
	it('uses the system Chromium without looking further', async () => {
		const { options, install, say } = machine({ files: [SYSTEM] });
		expect(await checkBrowser(options)).toEqual({ action: 'system' });
		expect(install).not.toHaveBeenCalled();
		expect(say).not.toHaveBeenCalled();
	});

	it("uses Playwright's installed browser when there is no system one", async () => {
		const { options, install } = machine({ files: [PLAYWRIGHT] });
		expect(await checkBrowser(options)).toEqual({ action: 'playwright' });
		expect(install).not.toHaveBeenCalled();
	});

	it("downloads Playwright's browser when there is none, announcing it first", async () => {
		const { options, install, say } = machine();
		expect(await checkBrowser(options)).toEqual({ action: 'installed', message: `Chromium installed: ${PLAYWRIGHT}` });
		expect(install).toHaveBeenCalledOnce();
		expect(say).toHaveBeenCalledOnce();
		expect(say.mock.invocationCallOrder[0]).toBeLessThan(install.mock.invocationCallOrder[0]);
	});

	it('installs when playwright-core cannot say where its browser is', async () => {
		const { options, install } = machine();
		let installed = false;
		install.mockImplementation(async () => {
			installed = true;
			return { ok: true, reason: '' };
		});
		const outcome = await checkBrowser({ ...options, playwrightPath: () => (installed ? PLAYWRIGHT : undefined), exists: () => installed });
		expect(outcome.action).toBe('installed');
		expect(install).toHaveBeenCalledOnce();
	});

	it('says in one line what to install on Debian when the download fails', async () => {
		const { options } = machine({ installs: false });
		const outcome = await checkBrowser(options);
		expect(outcome.action).toBe('missing');
		expect(outcome.message).toBe(
			'The end-to-end tests need Chromium and none could be fetched (getaddrinfo ENOTFOUND cdn.playwright.dev): install it with `apt-get install chromium`, then run npm test again.'
		);
	});

	it("names Playwright's installer and OPENTAFEL_CHROMIUM elsewhere", async () => {
		const { options } = machine({ installs: false, reason: "EACCES: permission denied, mkdir '/opt/pw'", debianLike: false });
		const outcome = await checkBrowser({ ...options, rerun: 'npm run test:e2e' });
		expect(outcome.action).toBe('missing');
		expect(outcome.message).toContain("(EACCES: permission denied, mkdir '/opt/pw')");
		expect(outcome.message).toContain('`npx playwright install chromium`');
		expect(outcome.message).toContain('OPENTAFEL_CHROMIUM');
		expect(outcome.message).toContain('run npm run test:e2e again');
		expect(outcome.message).not.toContain('apt-get');
		expect(outcome.message).not.toContain('\n');
	});

	it('does not trust an installer that exits cleanly without leaving a browser', async () => {
		const { options, install } = machine();
		install.mockResolvedValue({ ok: true, reason: '' });
		const outcome = await checkBrowser(options);
		expect(outcome.action).toBe('missing');
		expect(outcome.message).toContain(`not found at ${PLAYWRIGHT} after installing`);
	});
});

describe('installFailureReason', () => {
	const frames = '    at ChildProcess.<anonymous> (/x/node_modules/playwright-core/lib/coreBundle.js:34127:32)\n    at ChildProcess.emit (node:events:524:28)';

	it('keeps the cause of a failed download, not its wrappers or stack', () => {
		const stdout = `Downloading Chrome for Testing\nFailed to install browsers\nError: Failed to download Chrome for Testing 159.0.8154.6 (playwright chromium v1255), caused by\nError: Download failure, code=1\n${frames}`;
		const stderr = `\x1b[31mError: getaddrinfo ENOTFOUND cdn.playwright.dev\x1b[39m\n    at GetAddrInfoReqWrap.onlookupall (node:internal/dns/promises:99:17) {\n  code: 'ENOTFOUND'\n}`;
		expect(installFailureReason({ stdout, stderr, status: 1 })).toBe('getaddrinfo ENOTFOUND cdn.playwright.dev');
	});

	it('reads a file-system error from stdout', () => {
		const stdout = "Failed to install browsers\nError: ENOTDIR: not a directory, mkdir '/tmp/file/x'\n";
		expect(installFailureReason({ stdout, stderr: '', status: 1 })).toBe("ENOTDIR: not a directory, mkdir '/tmp/file/x'");
	});

	it("leaves out the error page of a refused download", () => {
		const stdout = "Error: Download failed: server returned code 403 body '<!DOCTYPE HTML>\n<html lang=\"en\">\n'. URL: https://cdn.playwright.dev/x.zip";
		expect(installFailureReason({ stdout, stderr: '', status: 1 })).toBe('Download failed: server returned code 403');
	});

	it('falls back to the exit code and shortens long causes', () => {
		expect(installFailureReason({ stdout: 'something odd', stderr: '', status: 3 })).toBe('exit code 3');
		expect(installFailureReason({ stdout: '', stderr: '', status: null })).toBe('exit code unknown');
		const long = installFailureReason({ stdout: `Error: ${'x'.repeat(500)}`, stderr: '', status: 1 });
		expect(long.length).toBeLessThanOrEqual(160);
		expect(long.endsWith('…')).toBe(true);
	});
});

describe('isDownloadProgress', () => {
	it("passes on the installer's progress bar and where it put the browser", () => {
		expect(isDownloadProgress('|                                                                                |   0% of 170.5 MiB')).toBe(true);
		expect(isDownloadProgress(`|${'\u25A0'.repeat(80)}| 100% of 170.5 MiB`)).toBe(true);
		expect(isDownloadProgress('Chrome for Testing 159.0.8154.6 (playwright chromium v1255) downloaded to /root/.cache/ms-playwright/chromium-1255')).toBe(true);
	});

	it('holds back retries, errors and stack frames', () => {
		expect(isDownloadProgress('Downloading Chrome for Testing 159.0.8154.6 (playwright chromium v1255)\x1b[2m from https://cdn.playwright.dev/x.zip\x1b[22m')).toBe(false);
		expect(isDownloadProgress('Failed to install browsers')).toBe(false);
		expect(isDownloadProgress('Error: getaddrinfo ENOTFOUND cdn.playwright.dev')).toBe(false);
		expect(isDownloadProgress('    at ChildProcess.emit (node:events:524:28)')).toBe(false);
	});
});

describe('isDebianLike', () => {
	it('recognises Debian and derivatives that package /usr/bin/chromium', () => {
		expect(isDebianLike('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toBe(true);
		expect(isDebianLike('ID=raspbian\nID_LIKE=debian\n')).toBe(true);
	});

	it("leaves Ubuntu and its derivatives, other systems and macOS to Playwright's installer", () => {
		expect(isDebianLike('ID=ubuntu\nID_LIKE=debian\n')).toBe(false);
		expect(isDebianLike('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe(false);
		expect(isDebianLike('ID="fedora"\n')).toBe(false);
		expect(isDebianLike('')).toBe(false);
	});
});

describe('systemChromium', () => {
	it('prefers OPENTAFEL_CHROMIUM and defaults to the Debian path', () => {
		expect(systemChromium({ OPENTAFEL_CHROMIUM: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
		expect(systemChromium({ OPENTAFEL_CHROMIUM: '' })).toBe(DEFAULT_SYSTEM_CHROMIUM);
		expect(systemChromium({})).toBe('/usr/bin/chromium');
	});
});
