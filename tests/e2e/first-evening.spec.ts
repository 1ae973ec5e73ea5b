/**
 * The first evening as the README tells it: `npm start` on a laptop without ORIGIN, the
 * facilitator opens http://localhost, shows the QR code, and residents' phones join over the
 * hall's network. A phone cannot open `localhost` (it is the phone itself), so the server
 * prints its LAN addresses, and the console warns and puts a LAN address in the QR code.
 * A phone on that plain-http address is not a secure context; it must still send commands.
 *
 * This story needs a server without ORIGIN, listening on every interface: it starts its own
 * (E2E_PORT + 1, its own empty database) beside the suite's, and stops it at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, test, expect, type Browser, type Page } from '@playwright/test';
import { systemChromium } from '../../scripts/browser-check.js';
import { lanUrls } from '../../src/lib/server/gatherings/phone-origin';
import { createGathering, expectAccessibleInBothLanguages, goto, t } from './helpers';

test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
const LOCAL = `http://localhost:${PORT}`;
const TOPIC = 'Een bankje bij de speeltuin';

let child: ChildProcess;
let output = '';
let dataDir = '';
/** What phones can open, as the server should find it; empty on a computer without a network. */
const phoneUrls = lanUrls({ interfaces: os.networkInterfaces(), protocol: 'http:', port: PORT });

test.beforeAll(async () => {
	dataDir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-e2e-first-'));
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), HOST: '0.0.0.0', DATA_DIR: dataDir };
	for (const name of ['ORIGIN', 'DATABASE_URL', 'PROTOCOL_HEADER', 'HOST_HEADER', 'REDIS_URL']) delete env[name];
	child = spawn(process.execPath, ['server.js'], { cwd: path.resolve('.'), env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	await expect.poll(() => output, { timeout: 60_000, message: 'the first-evening server starts' }).toContain('Open Tafel is listening');
});

test.afterAll(async () => {
	if (child.exitCode === null) {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}
	rmSync(dataDir, { recursive: true, force: true });
});

async function newScreen(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
	return (await browser.newContext(options)).newPage();
}

let facilitator: Page;
let code = '';

test('the server prints the addresses phones can open', () => {
	if (phoneUrls.length > 0) expect(output).toContain(`Phones on the same network open: ${phoneUrls.join('  or  ')}`);
	else expect(output).toContain('Phones cannot reach this computer yet');
	expect(output).not.toContain('Public address');
});

test('log-in and sign-up say what is missing in the page’s language, not the browser’s', async ({ browser }) => {
	// A German browser: its own bubbles would be German. The page is Dutch (no German texts).
	const page = await newScreen(browser, { baseURL: LOCAL, locale: 'de-DE', viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
	await goto(page, '/login');
	await page.getByRole('button', { name: t('nl', 'login_button') }).click();
	await expect(page.getByText(t('nl', 'error_email_required'))).toBeVisible();
	await expect(page.getByText(t('nl', 'error_password_required'))).toBeVisible();
	await expect(page.getByLabel(t('nl', 'field_email'))).toBeFocused();
	await expectAccessibleInBothLanguages(page, 'log-in (empty)', async (locale) => {
		await goto(page, '/login');
		await page.getByRole('button', { name: t(locale, 'login_button') }).click();
		await expect(page.getByText(t(locale, 'error_email_required'))).toBeVisible();
	});

	await goto(page, '/signup');
	await page.getByLabel(t('nl', 'field_email')).fill('els@');
	await page.getByRole('button', { name: t('nl', 'signup_button') }).click();
	await expect(page.getByText(t('nl', 'error_name_required'))).toBeVisible();
	await expect(page.getByText(t('nl', 'error_email_invalid'))).toBeVisible();
	await expect(page.getByText(t('nl', 'error_password_required'))).toBeVisible();
	await expect(page.getByLabel(t('nl', 'field_account_name'))).toBeFocused();
	// Nothing was made: the first account is still to be created.
	await goto(page, '/login');
	await expect(page.getByText(t('nl', 'login_first_run'))).toBeVisible();
	await page.context().close();
});

test('the console on localhost warns that phones cannot open it and puts the LAN address in the QR code', async ({ browser }) => {
	facilitator = await newScreen(browser, { baseURL: LOCAL, locale: 'nl-NL', viewport: { width: 1440, height: 900 } });
	await goto(facilitator, '/signup');
	await facilitator.getByLabel(t('nl', 'field_account_name')).fill('Els');
	await facilitator.getByLabel(t('nl', 'field_email')).fill('els@example.org');
	await facilitator.getByLabel(t('nl', 'field_new_password')).fill('lantaarn paars koffie fietsbel');
	await facilitator.getByRole('button', { name: t('nl', 'signup_button') }).click();
	await expect(facilitator).toHaveURL(/\/dashboard$/);
	({ code } = await createGathering(facilitator, 'Eerste avond in de Esch'));

	const joinCard = facilitator.getByRole('region', { name: t('nl', 'console_join_heading'), exact: true });
	if (phoneUrls.length === 0) {
		await expect(joinCard.getByText(t('nl', 'console_lan_none'))).toBeVisible();
		return;
	}
	const joinUrl = `${phoneUrls[0]}/j/${code}`;
	await expect(joinCard.getByText(t('nl', 'console_lan_warning'))).toBeVisible();
	await expect(joinCard.locator('.join .url')).toHaveText(joinUrl.replace(/^http:\/\//, ''));
	await expect(joinCard.getByRole('img', { name: t('nl', 'join_qr_label', { url: joinUrl }) })).toBeVisible();
	await expect(joinCard.locator('.join')).not.toContainText('localhost');
	await expectAccessibleInBothLanguages(facilitator, 'console on localhost');

	// The projector, opened on the same laptop, shows the same address.
	const projector = await facilitator.context().newPage();
	await goto(projector, `${new URL(facilitator.url()).pathname}/projector`);
	await expect(projector.getByRole('img', { name: t('nl', 'join_qr_label', { url: joinUrl }) }).first()).toBeVisible();
	await projector.close();
});

test('a phone opens the LAN address over plain http, joins and adds a topic that reaches the console', async ({ browser }) => {
	const { phoneBrowser, base } = await browserForPhones(browser);
	const phone = await newScreen(phoneBrowser, { locale: 'nl-NL', viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
	await goto(phone, `${base}/j/${code}`);
	// What a phone in the hall gets: no https, so no crypto.randomUUID and no service worker.
	expect(await phone.evaluate(() => window.isSecureContext)).toBe(false);
	await phone.getByLabel(t('nl', 'join_name_label')).fill('Noor');
	await phone.getByRole('button', { name: t('nl', 'join_submit') }).click();
	await expect(phone.getByRole('heading', { name: t('nl', 'participant_welcome', { name: 'Noor' }) })).toBeVisible();
	await phone.getByLabel(t('nl', 'board_add_label')).fill(TOPIC);
	await phone.getByLabel(t('nl', 'board_add_label')).press('Enter');
	await expect(facilitator.getByRole('heading', { name: TOPIC })).toBeVisible();
	await expect(phone.getByRole('heading', { level: 3, name: TOPIC })).toBeVisible();
	await phone.context().close();
	await facilitator.context().close();
	if (phoneBrowser !== browser) await phoneBrowser.close();
});

/**
 * The LAN address when this computer has one. Without a network there is none to open, so a
 * browser of its own resolves a made-up name to this computer: as insecure a context as a LAN
 * address, reaching the same server.
 */
async function browserForPhones(browser: Browser): Promise<{ phoneBrowser: Browser; base: string }> {
	if (phoneUrls.length > 0) return { phoneBrowser: browser, base: phoneUrls[0] };
	const executable = systemChromium(process.env);
	const phoneBrowser = await chromium.launch({
		executablePath: existsSync(executable) ? executable : undefined,
		args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP tafel.test 127.0.0.1']
	});
	return { phoneBrowser, base: `http://tafel.test:${PORT}` };
}
