/**
 * One gathering, told as one story on one fresh database: a facilitator opens a gathering on
 * a laptop, two residents join from phones (one through the code field on the home page, one
 * through the /j/CODE link), the facilitator tidies the participant list and opens the screen
 * for the room. Every page on the way is checked with axe-core in Dutch and in English.
 */
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
	ADMIN_EMAIL,
	ADMIN_NAME,
	ADMIN_PASSWORD,
	expectAccessibleInBothLanguages,
	goto,
	localeCookie,
	reload,
	tabTo,
	t,
	waitForHydration,
	type Locale
} from './helpers';

test.describe.configure({ mode: 'serial' });

const TITLE = 'Open avond over het buurthuis';
const PLACE = 'Buurthuis De Linde, Zwolle';
const DATE = '2030-05-14';
const DATE_NL = 'dinsdag 14 mei 2030';
const NAME_A = 'Anna';
const NAME_A_RENAMED = 'Anna K.';
const NAME_B = 'Bram';
const CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

let baseURL: string;
const contexts: BrowserContext[] = [];
let facilitator: Page;
let phoneA: Page;
let phoneB: Page;
/** Set by the first test, read by all later ones. */
let code = '';
let consolePath = '';

async function newPage(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
	// Dutch is the default language; the residents' phones are Dutch too unless they switch.
	const context = await browser.newContext({ baseURL, locale: 'nl-NL', ...options });
	contexts.push(context);
	return context.newPage();
}

/** A code that is valid in form but belongs to no gathering. */
function unknownCode(): string {
	return code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
}

test.beforeAll(async ({ browser }, testInfo) => {
	baseURL = testInfo.project.use.baseURL ?? '';
	expect(baseURL, 'playwright.config.ts sets use.baseURL').not.toBe('');
	facilitator = await newPage(browser, { viewport: { width: 1280, height: 800 } });
	phoneA = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	phoneB = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
});

test.afterAll(async () => {
	for (const context of contexts) await context.close();
});

test('a facilitator creates the admin account and a gathering', async () => {
	const page = facilitator;

	await goto(page, '/login');
	await expect(page.getByRole('heading', { level: 1, name: t('nl', 'login_title') })).toBeVisible();
	await expect(page.getByText(t('nl', 'login_first_run'))).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'login (first run)');

	await page.getByRole('link', { name: t('nl', 'login_first_run_link') }).click();
	await expect(page).toHaveURL(/\/signup$/);
	await expect(page.getByRole('heading', { level: 1, name: t('nl', 'signup_title') })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'signup (first account)');

	// The name others see is asked first, and can never be an e-mail address.
	const nameField = page.getByLabel(t('nl', 'field_account_name'));
	await nameField.fill(ADMIN_EMAIL);
	await page.getByLabel(t('nl', 'field_email')).fill(ADMIN_EMAIL);
	await page.getByLabel(t('nl', 'field_new_password')).fill(ADMIN_PASSWORD);
	await page.getByRole('button', { name: t('nl', 'signup_button') }).click();
	await expect(page.getByText(t('nl', 'error_name_is_email'))).toBeVisible();
	await expect(nameField).toHaveAttribute('aria-invalid', 'true');
	await nameField.fill(ADMIN_NAME);
	await page.getByLabel(t('nl', 'field_new_password')).fill(ADMIN_PASSWORD);
	await page.getByRole('button', { name: t('nl', 'signup_button') }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
	await expect(page.getByRole('heading', { level: 1, name: t('nl', 'dashboard_title') })).toBeVisible();
	await expect(page.getByText(t('nl', 'account_name_current', { name: ADMIN_NAME }))).toBeVisible();
	await expect(page.getByText(t('nl', 'dashboard_empty'))).toBeVisible();
	// The first account is the admin: the invite section is there.
	await expect(page.getByRole('heading', { name: t('nl', 'invite_section_title') })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'dashboard (empty)');

	await page.getByRole('link', { name: t('nl', 'dashboard_new_gathering') }).click();
	await expect(page).toHaveURL(/\/gatherings\/new$/);
	await expect(page.getByRole('heading', { level: 1, name: t('nl', 'new_gathering_title') })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'new gathering');

	// Without a title the form says what is wrong, next to the field, in the page's language.
	const submitWithoutTitle = async (locale: Locale) => {
		await goto(page, '/gatherings/new');
		await page.getByRole('button', { name: t(locale, 'new_gathering_button') }).click();
		await expect(page.getByRole('alert')).toHaveText(t(locale, 'form_has_errors'));
		await expect(page.getByLabel(t(locale, 'field_title'))).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText(t(locale, 'error_title_required'))).toBeVisible();
	};
	await submitWithoutTitle('nl');
	await expectAccessibleInBothLanguages(page, 'new gathering (title missing)', submitWithoutTitle);

	await page.getByLabel(t('nl', 'field_title')).fill(TITLE);
	await page.getByLabel(t('nl', 'field_place')).fill(PLACE);
	await page.getByLabel(t('nl', 'field_date')).fill(DATE);
	await page.getByRole('button', { name: t('nl', 'new_gathering_button') }).click();
	await expect(page).toHaveURL(/\/g\/[^/]+$/);
	consolePath = new URL(page.url()).pathname;

	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	await expect(page.getByText(PLACE)).toBeVisible();
	await expect(page.getByText(DATE_NL)).toBeVisible();
	await expect(page.getByText(t('nl', 'console_no_participants'))).toBeVisible();

	code = ((await page.locator('.join .code').textContent()) ?? '').trim();
	expect(code).toMatch(CODE_PATTERN);
	await expect(page.getByText(`/j/${code}`)).toBeVisible();
	await expect(page.getByRole('img', { name: t('nl', 'join_qr_label', { url: `${baseURL}/j/${code}` }) })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'console (no participants)');
});

test('phone A switches to English, joins with the code typed on the home page, using the keyboard', async () => {
	const page = phoneA;

	await goto(page, '/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('heading', { level: 1, name: t('nl', 'home_title') })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'home');

	// A code that exists nowhere: the field says so, in Dutch.
	const tryUnknownCode = async (locale: Locale) => {
		await goto(page, '/');
		await page.getByLabel(t(locale, 'join_code_label')).fill(unknownCode());
		await page.getByRole('button', { name: t(locale, 'join_button') }).click();
		await expect(page.getByText(t(locale, 'error_code_unknown'))).toBeVisible();
		await expect(page.getByLabel(t(locale, 'join_code_label'))).toHaveAttribute('aria-invalid', 'true');
		await expect(page).toHaveURL(/\/$/);
	};
	await tryUnknownCode('nl');
	await expectAccessibleInBothLanguages(page, 'home (unknown code)', tryUnknownCode);

	// The language button in the header switches to English and the choice is remembered.
	// Each language's button is labelled in that language ("Switch to English").
	await page.getByRole('button', { name: t('en', 'language_switch_label', { language: 'English' }) }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await waitForHydration(page);
	await expect(page.getByRole('heading', { level: 1, name: t('en', 'home_title') })).toBeVisible();
	await expect(page.getByRole('button', { name: t('nl', 'language_switch_label', { language: 'Nederlands' }) })).toBeVisible();
	expect(await localeCookie(page.context())).toBe('en');

	// The unknown-code message is translated too.
	await page.getByLabel(t('en', 'join_code_label')).fill(unknownCode());
	await page.getByRole('button', { name: t('en', 'join_button') }).click();
	await expect(page.getByText(t('en', 'error_code_unknown'))).toBeVisible();

	// The real code as someone might type it from the screen: lower case, with a space.
	const typed = `${code.slice(0, 3)} ${code.slice(3)}`.toLowerCase();
	await page.getByLabel(t('en', 'join_code_label')).fill(typed);
	await page.getByRole('button', { name: t('en', 'join_button') }).click();
	await expect(page).toHaveURL(new RegExp(`/j/${code}$`));
	// Still English on the next page: the cookie was remembered. A full load shows that the
	// server reads it, not only the page already running in the browser.
	await expect(page.getByRole('heading', { name: t('en', 'join_heading') })).toBeVisible();
	await goto(page, `/j/${code}`);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	await expect(page.getByRole('heading', { name: t('en', 'join_heading') })).toBeVisible();
	await expect(page.getByLabel(t('en', 'join_name_label'))).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'join (name form)');

	// Keyboard only: Tab reaches the name field, Enter sends the form.
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await tabTo(page, 'name');
	await expect(page.getByLabel(t('en', 'join_name_label'))).toBeFocused();
	await page.keyboard.type(NAME_A);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: t('en', 'participant_welcome', { name: NAME_A }) })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/j/${code}$`));
	await expectAccessibleInBothLanguages(page, 'join (welcome)');
});

test('phone B opens /j/CODE, is told the name is taken, then joins with another name', async () => {
	const page = phoneB;

	await goto(page, `/j/${code}`);
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	await expect(page.getByText(PLACE)).toBeVisible();
	await expect(page.getByText(DATE_NL)).toBeVisible();

	// Phone A's name in other letter case counts as the same name.
	const takenName = NAME_A.toUpperCase() === NAME_A ? NAME_A.toLowerCase() : NAME_A.toUpperCase();
	const tryTakenName = async (locale: Locale) => {
		await goto(page, `/j/${code}`);
		await page.getByLabel(t(locale, 'join_name_label')).fill(takenName);
		await page.getByRole('button', { name: t(locale, 'join_submit') }).click();
		await expect(page.getByText(t(locale, 'error_name_taken'))).toBeVisible();
		const field = page.getByLabel(t(locale, 'join_name_label'));
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(field).toHaveValue(takenName);
		await expect(page.getByRole('heading', { name: t(locale, 'participant_welcome', { name: takenName }) })).toHaveCount(0);
	};
	await tryTakenName('nl');
	await expectAccessibleInBothLanguages(page, 'join (name taken)', tryTakenName);

	// Nothing was created: the page still asks for a name.
	await expect(page.getByLabel(t('nl', 'join_name_label'))).toBeVisible();
	await page.getByLabel(t('nl', 'join_name_label')).fill(NAME_B);
	await page.getByRole('button', { name: t('nl', 'join_submit') }).click();
	await expect(page.getByRole('heading', { name: t('nl', 'participant_welcome', { name: NAME_B }) })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'join (welcome, 360 px)');
});

test('an unknown code shows the 404 page with a way to try another code', async () => {
	const page = phoneB;
	const response = await goto(page, `/j/${unknownCode()}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: t('nl', 'error_page_title') })).toBeVisible();
	await expect(page.getByText(t('nl', 'error_code_unknown'))).toBeVisible();
	await expect(page.getByRole('heading', { name: t('nl', 'error_try_other_code') })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'join (unknown code, 404)');

	// The form on the 404 page works: the right code leads back to the gathering.
	await page.getByLabel(t('nl', 'join_code_label')).fill(code.toLowerCase());
	await page.getByRole('button', { name: t('nl', 'join_button') }).click();
	await expect(page).toHaveURL(new RegExp(`/j/${code}$`));
	await expect(page.getByRole('heading', { name: t('nl', 'participant_welcome', { name: NAME_B }) })).toBeVisible();
});

test('the facilitator sees both participants, renames one, removes one and opens the projector', async () => {
	const page = facilitator;

	await reload(page);
	const list = page.getByRole('region', { name: t('nl', 'console_participants_heading', { count: 2 }) });
	await expect(list.getByRole('listitem')).toHaveCount(2);
	await expect(list.getByText(NAME_A, { exact: true })).toBeVisible();
	await expect(list.getByText(NAME_B, { exact: true })).toBeVisible();
	await expectAccessibleInBothLanguages(page, 'console (two participants)');

	// Rename Anna. The form inside the disclosure is checked with axe while it is open.
	const openRename = async (locale: Locale, name: string) => {
		await page.getByText(`${t(locale, 'console_rename')}: ${name}`).click();
		await expect(page.getByLabel(t(locale, 'console_new_name', { name }))).toBeVisible();
	};
	await openRename('nl', NAME_A);
	await expectAccessibleInBothLanguages(page, 'console (rename open)', async (locale) => {
		await goto(page, consolePath);
		await openRename(locale, NAME_A);
	});
	await openRename('nl', NAME_A);
	await page.getByLabel(t('nl', 'console_new_name', { name: NAME_A })).fill(NAME_A_RENAMED);
	await page.getByRole('button', { name: t('nl', 'save') }).click();
	await expect(list.getByText(NAME_A_RENAMED, { exact: true })).toBeVisible();

	// Remove Bram, after the confirmation inside the disclosure.
	await page.getByText(`${t('nl', 'console_remove')}: ${NAME_B}`).click();
	await expect(page.getByText(t('nl', 'console_remove_confirm_text', { name: NAME_B }))).toBeVisible();
	await page.getByRole('button', { name: t('nl', 'console_remove_confirm') }).click();
	const after = page.getByRole('region', { name: t('nl', 'console_participants_heading', { count: 1 }) });
	await expect(after.getByRole('listitem')).toHaveCount(1);
	await expect(after.getByText(NAME_A_RENAMED, { exact: true })).toBeVisible();
	await expect(after.getByText(NAME_B, { exact: true })).toHaveCount(0);
	await expectAccessibleInBothLanguages(page, 'console (after rename and remove)');

	// The phones follow: Anna sees her new name (still in English), Bram is asked to join again.
	await reload(phoneA);
	await expect(phoneA.getByRole('heading', { name: t('en', 'participant_welcome', { name: NAME_A_RENAMED }) })).toBeVisible();
	await reload(phoneB);
	await expect(phoneB.getByLabel(t('nl', 'join_name_label'))).toBeVisible();
	await expect(phoneB.getByRole('heading', { name: t('nl', 'participant_welcome', { name: NAME_B }) })).toHaveCount(0);

	// The screen for the room opens in a new tab and shows the code large.
	const [projector] = await Promise.all([
		page.context().waitForEvent('page'),
		page.getByRole('link', { name: t('nl', 'console_open_projector') }).click()
	]);
	await waitForHydration(projector);
	await expect(projector).toHaveURL(new RegExp(`${consolePath}/projector$`));
	await expect(projector.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	await expect(projector.locator('.code')).toHaveText(code);
	await expect(projector.getByText(t('nl', 'projector_invite'))).toBeVisible();
	await expectAccessibleInBothLanguages(projector, 'projector');
	await projector.close();
});

test('the admin makes an invite link, which opens in English for an English browser', async () => {
	const page = facilitator;

	await goto(page, '/dashboard');
	const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: TITLE }) });
	await expect(item.getByText(code)).toBeVisible();
	await expect(item.getByText(t('nl', 'dashboard_participants', { count: 1 }))).toBeVisible();

	const createInvite = async (locale: Locale) => {
		await goto(page, '/dashboard');
		await page.getByRole('button', { name: t(locale, 'invite_create_button') }).click();
		await expect(page.getByLabel(t(locale, 'invite_link_label'))).toHaveValue(/\/invite\/.+/);
	};
	await createInvite('nl');
	const inviteUrl = await page.getByLabel(t('nl', 'invite_link_label')).inputValue();
	expect(inviteUrl.startsWith(`${baseURL}/invite/`)).toBe(true);
	await expectAccessibleInBothLanguages(page, 'dashboard (gathering, invite link)', createInvite);

	// Accept-Language decides when there is no cookie.
	const guest = await page.context().browser()!.newContext({ baseURL, locale: 'en-GB' });
	contexts.push(guest);
	const invitee = await guest.newPage();
	await goto(invitee, inviteUrl);
	await expect(invitee.locator('html')).toHaveAttribute('lang', 'en');
	await expect(invitee.getByRole('heading', { level: 1, name: t('en', 'invite_title') })).toBeVisible();
	await expect(invitee.getByText(t('en', 'invite_intro'))).toBeVisible();
	await expectAccessibleInBothLanguages(invitee, 'invite');
});

test('the facilitator changes the name others see, on a 360 px screen too', async () => {
	const page = facilitator;
	const wide = page.viewportSize();
	await page.setViewportSize({ width: 360, height: 740 });
	try {
		await goto(page, '/dashboard');
		const nameField = page.getByLabel(t('nl', 'field_account_name'));
		await expect(nameField).toHaveValue(ADMIN_NAME);
		const refuseEmail = async (locale: Locale) => {
			await goto(page, '/dashboard');
			await page.getByLabel(t(locale, 'field_account_name')).fill(ADMIN_EMAIL);
			await page.getByRole('button', { name: t(locale, 'account_name_button') }).click();
			await expect(page.getByText(t(locale, 'error_name_is_email'))).toBeVisible();
		};
		await refuseEmail('nl');
		await expect(nameField).toHaveAttribute('aria-invalid', 'true');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await expectAccessibleInBothLanguages(page, 'dashboard (name refused, 360 px)', refuseEmail);

		await nameField.fill('Els Jansen');
		await page.getByRole('button', { name: t('nl', 'account_name_button') }).click();
		await expect(page.getByText(t('nl', 'account_name_saved'))).toBeVisible();
		await expect(page.getByText(t('nl', 'account_name_current', { name: 'Els Jansen' }))).toBeVisible();
	} finally {
		if (wide) await page.setViewportSize(wide);
	}
});
