/**
 * The after-session, told as residents live it: after the agenda, two people who care about
 * the same topic find each other on their phones, both say yes and share their e-mail
 * addresses; a third writes theirs down but shares nothing. The organiser's CSV holds
 * exactly that one connection. Every new screen is checked with axe-core in Dutch and English.
 * Then the facilitator closes the gathering: the phones keep what was agreed, read-only, and a
 * newcomer with the code is told it is closed before being asked for a name.
 */
import { test, expect, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { createGathering, expectAccessibleInBothLanguages, expectNoAxeViolations, expectTablesKeepWordsWhole, goto, logIn, openScreens, setLocaleCookie, t } from './helpers';

test.describe.configure({ mode: 'serial' });

const TOPIC = 'Een moestuin achter de school';
const PEOPLE = [
	{ name: 'Ilse', email: 'ilse@example.org', shares: true },
	{ name: 'Jan', email: 'jan@example.org', shares: true },
	{ name: 'Karim', email: 'karim@example.org', shares: false }
];
let facilitator: Page;
const phones: Page[] = [];
let consolePath = '';
let code = '';

/** A person's entry in the "who is here" list on a phone. */
const entry = (page: Page, name: string) => page.locator('.people > li').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });

let closeAll: () => Promise<unknown>;
test.beforeAll(async ({ browser, baseURL }) => {
	const screens = await openScreens(browser, baseURL, PEOPLE.length);
	facilitator = screens.facilitator;
	phones.push(...screens.phones);
	closeAll = screens.closeAll;
});

test.afterAll(async () => {
	await closeAll();
});

test('after the agenda, the phones turn to people', async () => {
	await logIn(facilitator);
	({ consolePath, code } = await createGathering(facilitator, 'Nazit in de bibliotheek'));
	await facilitator.getByRole('button', { name: t('nl', 'phase_agenda') }).click();

	for (const [i, person] of PEOPLE.entries()) {
		await goto(phones[i], `/j/${code}`);
		await phones[i].getByLabel(t('nl', 'join_name_label')).fill(person.name);
		await phones[i].getByRole('button', { name: t('nl', 'join_submit') }).click();
		await expect(phones[i].getByRole('heading', { name: t('nl', 'participant_welcome', { name: person.name }) })).toBeVisible();
	}
	await phones[0].getByLabel(t('nl', 'board_add_label')).fill(TOPIC);
	await phones[0].getByLabel(t('nl', 'board_add_label')).press('Enter');
	await expect(phones[1].getByRole('heading', { level: 3, name: TOPIC })).toBeVisible();

	await facilitator.getByRole('button', { name: t('nl', 'phase_nazit') }).click();
	for (const phone of phones) {
		await phone.getByRole('link', { name: t('nl', 'participant_nazit_link') }).click();
		await expect(phone.getByRole('heading', { level: 1, name: t('nl', 'nazit_title') })).toBeVisible();
	}
});

test('each fills in a line and an e-mail address; two share it with connections, one does not', async () => {
	for (const [i, person] of PEOPLE.entries()) {
		const phone = phones[i];
		if (i < 2) await phone.getByRole('button', { name: new RegExp(TOPIC) }).click();
		await phone.getByLabel(t('nl', 'nazit_offer'), { exact: false }).fill(`${person.name} helpt met zaaien`);
		await phone.locator('#nazit-email').fill(person.email);
		if (person.shares) await phone.getByLabel(t('nl', 'nazit_share_email')).check();
		await phone.getByRole('button', { name: t('nl', 'nazit_save') }).click();
		await expect(phone.getByText(t('nl', 'nazit_saved'))).toBeVisible();
	}
	// Bad input is refused with a translated reason, and what was typed stays.
	await phones[2].locator('#nazit-phone').fill('bel me');
	await phones[2].getByRole('button', { name: t('nl', 'nazit_save') }).click();
	await expect(phones[2].getByText(t('nl', 'error_phone_invalid'))).toBeVisible();
	await expect(phones[2].locator('#nazit-phone')).toHaveValue('bel me');
	await phones[2].locator('#nazit-phone').fill('');
	await phones[2].getByRole('button', { name: t('nl', 'nazit_save') }).click();
	await expect(phones[2].getByText(t('nl', 'nazit_saved'))).toBeVisible();

	// Ilse sees that Jan continues on the same topic, and an introduction saying why.
	await expect(entry(phones[0], 'Jan')).toContainText(t('nl', 'nazit_in_common', { topics: TOPIC }));
	await expect(phones[0].getByText(t('nl', 'nazit_intro_topic', { name: 'Jan', topic: TOPIC }))).toBeVisible();
});

test('a connection exists only when both say yes; then each sees the other\'s e-mail address', async () => {
	const [ilse, jan, karim] = phones;
	await entry(ilse, 'Jan').getByRole('button', { name: new RegExp(`^${t('nl', 'nazit_ask')}`) }).click();
	await expect(entry(ilse, 'Jan')).toContainText(t('nl', 'nazit_waiting_answer'));
	// Karim asks Ilse, who does not answer: one-sided.
	await entry(karim, 'Ilse').getByRole('button', { name: new RegExp(`^${t('nl', 'nazit_ask')}`) }).click();
	await expect(entry(karim, 'Ilse')).toContainText(t('nl', 'nazit_waiting_answer'));

	// Jan's phone hears of the request without reloading.
	await expect(entry(jan, 'Ilse')).toContainText(t('nl', 'nazit_asked_you', { name: 'Ilse' }));
	await entry(jan, 'Ilse').getByRole('button', { name: new RegExp(`^${t('nl', 'nazit_accept')}`) }).click();
	await expect(entry(jan, 'Ilse')).toContainText(t('nl', 'nazit_connected'));
	await expect(entry(jan, 'Ilse')).toContainText('ilse@example.org');
	await expect(entry(ilse, 'Jan')).toContainText('jan@example.org');
	// Karim's address is nowhere on the others' phones.
	await expect(entry(ilse, 'Karim')).not.toContainText('karim@example.org');
	await expect(ilse.getByRole('link', { name: t('nl', 'nazit_download_vcard') })).toBeVisible();
});

test('the organiser\'s CSV holds exactly that connection, with those addresses and nothing of Karim', async () => {
	const gatheringId = consolePath.split('/')[2];
	const response = await facilitator.request.get(`/g/${gatheringId}/export/connections.csv`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('text/csv');
	const body = await response.text();
	expect(body.startsWith('\uFEFF')).toBe(true);
	const rows = parse(body, { bom: true, columns: true }) as Record<string, string>[];
	expect(rows).toHaveLength(1);
	const names = [rows[0].person_a, rows[0].person_b].sort();
	expect(names).toEqual(['Ilse', 'Jan']);
	const emails = [rows[0].email_a, rows[0].email_b].sort();
	expect(emails).toEqual(['ilse@example.org', 'jan@example.org']);
	expect(body).not.toContain('karim');
	expect(body).not.toContain('Karim');
	// A phone cannot fetch it.
	expect((await phones[0].request.get(`/g/${gatheringId}/export/connections.csv`)).status()).toBe(403);
});

test('the phone, the console and the printable report pass axe-core in Dutch and English', async () => {
	await expectAccessibleInBothLanguages(phones[0], 'nazit phone');
	await goto(facilitator, consolePath);
	await expect(facilitator.getByRole('heading', { name: t('nl', 'nazit_console_heading') })).toBeVisible();
	await expect(facilitator.getByText(t('nl', 'nazit_console_summary', { connections: 1 }))).toBeVisible();
	await expectAccessibleInBothLanguages(facilitator, 'nazit console');
	await goto(facilitator, `${consolePath}/nazit-report`);
	await expect(facilitator.getByRole('heading', { name: t('nl', 'nazit_report_connections', { count: 1 }) })).toBeVisible();
	// Neither person agreed to be named in the report: the picture shows two unnamed dots.
	await expect(facilitator.locator('svg.network text')).toHaveCount(0);
	await expect(facilitator.locator('svg.network circle')).toHaveCount(2);
	await expectAccessibleInBothLanguages(facilitator, 'nazit report');
	await expectTablesKeepWordsWhole(facilitator);
});

/** Every action the after-session offers a phone, by the start of its button's name. */
const NAZIT_ACTIONS = ['nazit_ask', 'nazit_accept', 'nazit_decline', 'nazit_end_connection', 'nazit_cancel_ask', 'nazit_save'];

test('after closing, the phones show what was agreed and offer nothing that would be refused; a tap that crossed the closing says why', async () => {
	const [ilse, jan, karim] = phones;
	// Ilse's page hears nothing of the board (a socket stuck on a bad connection), so it still
	// offers her answer to Karim's request when the gathering closes.
	await ilse.routeWebSocket(/\/realtime\//, () => {});
	await goto(ilse, `/j/${code}/nazit`);
	const accept = entry(ilse, 'Karim').getByRole('button', { name: new RegExp(`^${t('nl', 'nazit_accept')}`) });
	await expect(accept).toBeVisible();

	await goto(facilitator, consolePath);
	await facilitator.getByText(t('nl', 'console_close'), { exact: true }).click();
	await facilitator.getByRole('button', { name: t('nl', 'console_close_confirm') }).click();
	await expect(facilitator.getByRole('group', { name: t('nl', 'console_phase_legend') })).toContainText(t('nl', 'phase_closed'));

	for (const phone of [jan, karim]) {
		await expect(phone.getByText(t('nl', 'nazit_closed'))).toBeVisible();
		// No button and no field left in the after-session's sections: the server would refuse each (not_nazit).
		await expect(phone.locator('section.card').locator('button, input, textarea')).toHaveCount(0);
	}
	// What was agreed stays, read-only: the connection with its address, the unanswered request, the own lines.
	await expect(entry(jan, 'Ilse')).toContainText(t('nl', 'nazit_connected'));
	await expect(entry(jan, 'Ilse')).toContainText('ilse@example.org');
	await expect(entry(karim, 'Ilse')).toContainText(t('nl', 'nazit_unanswered'));
	await expect(karim.getByText(t('nl', 'nazit_requests_waiting', { count: 1 }))).toHaveCount(0);

	// Ilse taps "yes" on her stale page: refused by the server, and she is told why, in words.
	await accept.click();
	const refusal = ilse.getByRole('alert').filter({ hasText: t('nl', 'error_not_nazit') });
	await expect(refusal).toBeVisible();
	// The page then learns of the closing and drops its actions.
	await expect(ilse.getByText(t('nl', 'nazit_closed'))).toBeVisible();
	for (const key of NAZIT_ACTIONS) await expect(ilse.getByRole('button', { name: new RegExp(`^${t('nl', key)}`) })).toHaveCount(0);
	await expect(ilse.locator('section.card').locator('button, input, textarea')).toHaveCount(0);
	await expect(entry(ilse, 'Karim')).toContainText(t('nl', 'nazit_unanswered'));
	await expectNoAxeViolations(ilse, 'nazit phone (closed, refused change)');
	await refusal.getByRole('button', { name: t('nl', 'board_notice_dismiss') }).click();
	await expect(refusal).toHaveCount(0);
	await ilse.unrouteAll({ behavior: 'ignoreErrors' });

	// The phone's board says the gathering is closed, and not, right under it, that the after-session has begun.
	await goto(jan, `/j/${code}`);
	await expect(jan.getByText(t('nl', 'participant_board_closed'))).toBeVisible();
	await expect(jan.getByRole('heading', { name: t('nl', 'participant_closed_nazit_heading') })).toBeVisible();
	await expect(jan.getByText(t('nl', 'participant_nazit_text'))).toHaveCount(0);
	await jan.getByRole('link', { name: t('nl', 'participant_closed_nazit_link') }).click();
	await expect(jan.getByText(t('nl', 'nazit_closed'))).toBeVisible();
	await jan.setViewportSize({ width: 360, height: 640 });
	await expectAccessibleInBothLanguages(jan, 'nazit phone (closed)');
	await goto(jan, `/j/${code}`);
	await expectAccessibleInBothLanguages(jan, 'phone board (closed)');
});

test('a newcomer with the code of the closed gathering is told so before being asked for a name, in Dutch and English', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL', viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	const typeCode = async (locale: 'nl' | 'en') => {
		await goto(page, '/');
		await page.getByLabel(t(locale, 'join_code_label')).fill(code.toLowerCase());
		await page.getByRole('button', { name: t(locale, 'join_button') }).click();
		await expect(page).toHaveURL(new RegExp(`/j/${code}$`));
		await expect(page.getByRole('heading', { name: t(locale, 'join_closed_heading') })).toBeVisible();
	};
	await typeCode('nl');
	await expect(page.getByText(t('nl', 'join_closed_was_there'))).toBeVisible();
	await expect(page.getByText(t('nl', 'join_closed_ask'))).toBeVisible();
	await expect(page.getByLabel(t('nl', 'join_name_label'))).toHaveCount(0);
	await expectAccessibleInBothLanguages(page, 'join (closed gathering)', typeCode);

	// The direct link says the same, in English for an English page, and offers another code.
	await setLocaleCookie(context, baseURL!, 'en');
	await goto(page, `/j/${code}`);
	await expect(page.getByRole('heading', { name: t('en', 'join_closed_heading') })).toBeVisible();
	await expect(page.getByLabel(t('en', 'join_name_label'))).toHaveCount(0);
	await page.getByRole('link', { name: t('en', 'join_closed_other_code') }).click();
	await expect(page.getByLabel(t('en', 'join_code_label'))).toBeVisible();
	await context.close();
});
