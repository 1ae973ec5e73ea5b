/**
 * The live board, told as one evening: a facilitator opens a gathering with the console on
 * a laptop and the projector on the wall, three residents join from their phones, add
 * topics and spend their dots. One phone loses its network, adds a topic anyway, and the
 * topic arrives once when the network is back; another loses an answer and resends the same
 * command after a reload. The facilitator merges two topics, puts one on the table, takes
 * notes and closes the gathering. Every new screen is checked with axe-core in Dutch and
 * English.
 */
import { test, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import {
	expectAccessibleInBothLanguages,
	expectNoAxeViolations,
	goto,
	logIn,
	reload,
	t,
	waitForHydration
} from './helpers';

test.describe.configure({ mode: 'serial' });

const TITLE = 'Bewonersavond Zuid';
const DOTS = 3;
const MAX_PER_TOPIC = 2;
const NAME_A = 'Fatima';
const NAME_B = 'Henk';
const NAME_C = 'Joyce';
const T1 = 'Speeltuin bij de Esch';
const T1_DETAILS = 'De toestellen zijn oud en er is geen schaduw.';
const T2 = 'Meer bankjes langs de vaart';
const T3 = 'Straatverlichting in de Parkstraat';
const T4 = 'Hondenpoep op de stoep';
const T4_EDITED = 'Hondenpoep op het plein';
const T5 = 'Een buurtmoestuin';
const NOTE = 'De gemeente komt in juni met een plan.';
const OUTCOME = 'Werkgroep met Fatima en Joyce';

let baseURL: string;
let browserRef: Browser;
const contexts: BrowserContext[] = [];
let facilitator: Page;
let projector: Page;
let phoneA: Page;
let phoneB: Page;
let phoneC: Page;
let code = '';
let consolePath = '';

async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL', ...options });
	contexts.push(context);
	return context;
}

const phoneOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The topic's row on a phone or in the console. */
function row(page: Page, title: string): Locator {
	return page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function addTopic(page: Page, title: string, details = '') {
	await page.getByLabel(t('nl', 'board_add_label')).fill(title);
	if (details) {
		await page.getByRole('button', { name: t('nl', 'board_add_more') }).click();
		await page.getByRole('textbox', { name: t('nl', 'board_details_label') }).fill(details);
		await page.getByRole('button', { name: t('nl', 'board_add_submit') }).click();
	} else {
		await page.getByLabel(t('nl', 'board_add_label')).press('Enter');
	}
	await expect(page.getByLabel(t('nl', 'board_add_label'))).toHaveValue('');
}

const placeDot = (page: Page, title: string) => page.getByRole('button', { name: t('nl', 'board_dot_place', { title }) });
const removeDot = (page: Page, title: string) => page.getByRole('button', { name: t('nl', 'board_dot_remove', { title }) });
const budget = (page: Page, left: number) => page.getByText(t('nl', 'board_dots_left', { left, total: DOTS }));
const dotsOn = (page: Page, title: string, count: number) => row(page, title).getByText(t('nl', 'board_dots_count', { count }), { exact: true });
/** The connection line (other status regions, such as the phone's place in the speaking queue, exist too). */
const connection = (page: Page) => page.getByRole('status').and(page.locator('.connection'));

/** The heading of a topic on the projector's ranking. */
const onProjector = (title: string) => projector.locator('.ranking li').filter({ hasText: title });

async function join(page: Page, name: string) {
	await goto(page, `/j/${code}`);
	await page.getByLabel(t('nl', 'join_name_label')).fill(name);
	await page.getByRole('button', { name: t('nl', 'join_submit') }).click();
	await expect(page.getByRole('heading', { name: t('nl', 'participant_welcome', { name }) })).toBeVisible();
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'));
}

test.beforeAll(async ({ browser }, testInfo) => {
	baseURL = testInfo.project.use.baseURL ?? '';
	expect(baseURL, 'playwright.config.ts sets use.baseURL').not.toBe('');
	browserRef = browser;
	const laptop = await newContext(browser, { viewport: { width: 1280, height: 800 } });
	facilitator = await laptop.newPage();
	phoneA = await (await newContext(browser, phoneOptions)).newPage();
	phoneB = await (await newContext(browser, { ...phoneOptions, viewport: { width: 360, height: 740 } })).newPage();
	phoneC = await (await newContext(browser, phoneOptions)).newPage();
});

test.afterAll(async () => {
	for (const context of contexts) await context.close();
});

test('the facilitator opens a gathering with the console and the projector; three phones join', async () => {
	const page = facilitator;
	await logIn(page);

	await goto(page, '/gatherings/new');
	await page.getByLabel(t('nl', 'field_title')).fill(TITLE);
	await page.getByLabel(t('nl', 'field_dots_per_participant')).fill(String(DOTS));
	await page.getByLabel(t('nl', 'field_max_dots_per_topic')).fill(String(MAX_PER_TOPIC));
	await page.getByRole('button', { name: t('nl', 'new_gathering_button') }).click();
	await expect(page).toHaveURL(/\/g\/[^/]+$/);
	consolePath = new URL(page.url()).pathname;
	code = ((await page.locator('.join .code').textContent()) ?? '').trim();
	await waitForHydration(page);
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'));
	await expect(page.getByText(t('nl', 'console_agenda_empty'))).toBeVisible();

	// The agenda opens.
	await page.getByRole('button', { name: t('nl', 'phase_agenda') }).click();
	await expect(page.getByRole('button', { name: t('nl', 'phase_agenda') })).toHaveAttribute('aria-pressed', 'true');

	projector = await page.context().newPage();
	await goto(projector, `${consolePath}/projector`);
	await expect(projector.locator('.code')).toHaveText(code);
	await expect(projector.getByText(t('nl', 'projector_empty'))).toBeVisible();

	await join(phoneA, NAME_A);
	await join(phoneB, NAME_B);
	await join(phoneC, NAME_C);
	await expect(phoneA.getByText(t('nl', 'participant_phase', { phase: t('nl', 'phase_agenda') }))).toBeVisible();
	await expect(phoneA.getByText(t('nl', 'board_empty'))).toBeVisible();
	await expect(budget(phoneA, DOTS)).toBeVisible();

	// The console sees who has the board open (presence), next to the list from the database.
	await reload(page);
	await expect(page.getByText(t('nl', 'console_online_count', { count: 3 }))).toBeVisible();
});

test('a topic added on one phone appears on the other phones, the console and the projector', async () => {
	await addTopic(phoneA, T1, T1_DETAILS);
	await addTopic(phoneB, T2);

	for (const page of [phoneA, phoneB, phoneC, facilitator]) {
		await expect(row(page, T1)).toBeVisible();
		await expect(row(page, T2)).toBeVisible();
	}
	await expect(row(phoneC, T1).getByText(T1_DETAILS)).toBeVisible();
	await expect(row(phoneC, T1).getByText(t('nl', 'board_by', { names: NAME_A }), { exact: true })).toBeVisible();
	await expect(row(phoneA, T1).getByText(t('nl', 'board_by', { names: t('nl', 'board_you') }), { exact: true })).toBeVisible();
	await expect(onProjector(T1)).toBeVisible();
	await expect(onProjector(T2)).toBeVisible();

	// Screen readers hear about new topics, politely, on the phones and the projector.
	await expect(phoneC.locator('[aria-live="polite"]')).toContainText(t('nl', 'board_new_topic', { title: T2 }));
	await expect(projector.locator('[aria-live="polite"]')).toContainText(t('nl', 'board_new_topic', { title: T2 }));
});

test('dots respect the budget and the maximum per topic, on the phone and on the server', async () => {
	const page = phoneC;
	await placeDot(page, T1).click();
	await expect(budget(page, 2)).toBeVisible();
	await placeDot(page, T1).click();
	await expect(budget(page, 1)).toBeVisible();
	await expect(row(page, T1).getByText(t('nl', 'board_my_dots', { count: 2 }), { exact: true })).toBeVisible();
	// Two on one topic is the maximum here.
	await expect(placeDot(page, T1)).toBeDisabled();
	await placeDot(page, T2).click();
	await expect(budget(page, 0)).toBeVisible();
	await expect(placeDot(page, T2)).toBeDisabled();

	// The server holds the same line: a dot beyond the budget is refused, with a translated reason.
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'));
	const gatheringId = consolePath.split('/')[2];
	const refused = await page.request.post(`/api/gatherings/${gatheringId}/commands`, {
		data: { id: crypto.randomUUID(), type: 'placeDot', args: { topicId: await topicId(T2) } }
	});
	expect(refused.status()).toBe(409);
	expect(await refused.json()).toMatchObject({ ok: false, error: 'budget_spent', message: t('nl', 'command_budget_spent') });

	// Taking a dot back makes it free again.
	await removeDot(page, T2).click();
	await expect(budget(page, 1)).toBeVisible();
	await expect(placeDot(page, T2)).toBeEnabled();

	await placeDot(phoneA, T2).click();
	await placeDot(phoneB, T1).click();
	for (const p of [phoneA, phoneB, phoneC]) {
		await expect(dotsOn(p, T1, 3)).toBeVisible();
		await expect(dotsOn(p, T2, 1)).toBeVisible();
	}
	await expect(row(facilitator, T1).locator('.dots strong')).toHaveText('3');
	await expect(onProjector(T1)).toContainText('3');
	// Ordered by dots, as everywhere.
	await expect(projector.locator('.ranking li').first()).toContainText(T1);
});

/** The id of a topic, read from the console's DOM (ids are stable; titles are what people see). */
async function topicId(title: string): Promise<string> {
	const id = await row(facilitator, title).getByRole('heading', { level: 3 }).getAttribute('id');
	return (id ?? '').replace(/^c-/, '').replace(/-title$/, '');
}

test('a phone without network adds a topic: it waits, and arrives once when the network is back', async () => {
	const page = phoneB;
	// The service worker keeps this page for a reload without network.
	await expect.poll(() => page.evaluate(async () => Boolean(await caches.match(location.pathname)))).toBe(true);
	await page.context().setOffline(true);
	await expect(connection(page)).toContainText(t('nl', 'board_status_offline'));

	await addTopic(page, T3);
	await expect(row(page, T3).getByText(t('nl', 'board_badge_waiting'))).toBeVisible();
	const offlineWaiting = `${t('nl', 'board_status_offline')}\u00a0— ${t('nl', 'board_status_waiting', { count: 1 })}`;
	await expect(connection(page)).toHaveText(offlineWaiting);

	// A reload without network still shows the board (IndexedDB) and what waits to be sent (the outbox).
	await reload(page);
	await expect(row(page, T1)).toBeVisible();
	await expect(dotsOn(page, T1, 3)).toBeVisible();
	await expect(row(page, T3).getByText(t('nl', 'board_badge_waiting'))).toBeVisible();
	await expect(connection(page)).toHaveText(offlineWaiting);
	// Nobody else has it yet.
	await expect(row(phoneA, T3)).toHaveCount(0);
	await expect(row(facilitator, T3)).toHaveCount(0);

	await page.context().setOffline(false);
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'));
	await expect(row(page, T3).getByText(t('nl', 'board_badge_waiting'))).toHaveCount(0);
	for (const p of [phoneA, phoneB, phoneC, facilitator]) await expect(row(p, T3)).toHaveCount(1);
	await expect(onProjector(T3)).toHaveCount(1);
});

test('a command whose answer was lost is sent again after a reload, and applied once', async () => {
	const page = phoneC;
	const context = page.context();
	// The first send reaches the server, but its answer never comes back; later sends fail.
	let sends = 0;
	await context.route('**/api/gatherings/*/commands', async (route) => {
		sends++;
		if (sends === 1) {
			await route.fetch();
			await route.abort('connectionreset');
		} else {
			await route.abort('internetdisconnected');
		}
	});
	await addTopic(page, T5);
	await expect.poll(() => sends).toBeGreaterThanOrEqual(1);
	// It is on the board for everyone already, and still waiting on this phone.
	await expect(row(phoneA, T5)).toHaveCount(1);
	await expect(connection(page)).toContainText(t('nl', 'board_status_waiting', { count: 1 }));

	// The outbox is in IndexedDB: a reload does not lose it.
	await reload(page);
	await expect(connection(page)).toContainText(t('nl', 'board_status_waiting', { count: 1 }));

	await context.unroute('**/api/gatherings/*/commands');
	// The retry comes after a back-off of a few seconds.
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'), { timeout: 30_000 });
	for (const p of [phoneA, phoneC, facilitator]) await expect(row(p, T5)).toHaveCount(1);
	await expect(phoneC.getByRole('heading', { level: 3, name: T5, exact: true })).toHaveCount(1);
});

test('a participant edits and withdraws their own topic', async () => {
	const page = phoneC;
	await addTopic(page, T4);
	await expect(row(phoneA, T4)).toBeVisible();
	// Only the author can change it.
	await expect(row(phoneA, T4).getByText(t('nl', 'board_edit'))).toHaveCount(0);

	await row(page, T4).getByText(`${t('nl', 'board_edit')}: ${T4}`).click();
	await row(page, T4).getByRole('textbox', { name: t('nl', 'board_edit_title_label') }).fill(T4_EDITED);
	await row(page, T4).getByRole('button', { name: t('nl', 'save') }).click();
	await expect(row(phoneA, T4_EDITED)).toBeVisible();
	await expect(row(phoneA, T4)).toHaveCount(0);

	await row(page, T4_EDITED).getByText(`${t('nl', 'board_withdraw')}: ${T4_EDITED}`).click();
	await row(page, T4_EDITED).getByRole('button', { name: t('nl', 'board_withdraw_confirm') }).click();
	for (const p of [phoneA, phoneC, facilitator]) await expect(row(p, T4_EDITED)).toHaveCount(0);
});

test('the facilitator merges two topics: the dots add up, and unmerging puts them back', async () => {
	await placeDot(phoneA, T3).click();
	await placeDot(phoneB, T3).click();
	await expect(dotsOn(phoneC, T3, 2)).toBeVisible();
	await expect(dotsOn(phoneC, T2, 1)).toBeVisible();

	const page = facilitator;
	await row(page, T3).getByText(`${t('nl', 'console_more_actions')}: ${T3}`).click();
	await row(page, T3).getByLabel(t('nl', 'console_merge_label', { title: T3 })).selectOption({ label: T2 });
	await row(page, T3).getByRole('button', { name: t('nl', 'console_merge') }).click();

	await expect(row(page, T3)).toHaveCount(0);
	await expect(row(page, T2).locator('.dots strong')).toHaveText('3');
	await expect(row(page, T2).getByText(t('nl', 'console_merged_from', { title: T3 }))).toBeVisible();
	for (const p of [phoneA, phoneB, phoneC]) {
		await expect(dotsOn(p, T2, 3)).toBeVisible();
		await expect(row(p, T3)).toHaveCount(0);
	}
	await expect(row(phoneA, T2).getByText(t('nl', 'board_my_dots', { count: 2 }), { exact: true })).toBeVisible();
	await expect(onProjector(T2)).toContainText('3');
	await expect(onProjector(T3)).toHaveCount(0);
	await expectAccessibleInBothLanguages(page, 'console (board, merged topic)', async (locale) => {
		await goto(page, consolePath);
		await expect(row(page, T2).getByText(t(locale, 'console_merged_from', { title: T3 }))).toBeVisible();
	});

	await row(page, T2).getByRole('button', { name: `${t('nl', 'console_unmerge')}: ${T3}` }).click();
	await expect(row(page, T3).locator('.dots strong')).toHaveText('2');
	await expect(row(page, T2).locator('.dots strong')).toHaveText('1');
	await expect(dotsOn(phoneB, T3, 2)).toBeVisible();
});

test('the facilitator puts a topic on the table, takes notes and marks it discussed', async () => {
	const page = facilitator;
	await page.getByRole('button', { name: `${t('nl', 'console_put_on_table')}: ${T1}` }).click();
	const table = (p: Page) => p.getByRole('region', { name: t('nl', 'board_on_table_heading') });
	await expect(table(page).getByText(T1)).toBeVisible();
	for (const p of [phoneA, phoneB, phoneC]) await expect(table(p).getByText(T1)).toBeVisible();
	await expect(table(projector).getByText(T1)).toBeVisible();
	// On the table means off the waiting list on the projector.
	await expect(onProjector(T1)).toHaveCount(0);

	const notes = page.getByLabel(t('nl', 'console_notes_label'));
	await expect(notes).not.toHaveAttribute('readonly');
	await notes.fill(NOTE);
	// A second laptop (no cache of its own) gets the note from the server, and writes along.
	const second = await (await newContext(browserRef, { viewport: { width: 1280, height: 800 } })).newPage();
	await logIn(second);
	await goto(second, consolePath);
	const secondNotes = second.getByLabel(t('nl', 'console_notes_label'));
	await expect(secondNotes).toHaveValue(NOTE);
	await expect(secondNotes).not.toHaveAttribute('readonly');
	await secondNotes.press('ControlOrMeta+End');
	await secondNotes.pressSequentially(' Tot dan.');
	await expect(notes).toHaveValue(`${NOTE} Tot dan.`);
	await second.close();
	await expectAccessibleInBothLanguages(page, 'console (topic on the table)', async (locale) => {
		await goto(page, consolePath);
		await expect(page.getByLabel(t(locale, 'console_notes_label'))).toHaveValue(`${NOTE} Tot dan.`);
	});

	await expectAccessibleInBothLanguages(projector, 'projector (live board)', async (locale) => {
		await goto(projector, `${consolePath}/projector`);
		await expect(projector.getByRole('region', { name: t(locale, 'board_on_table_heading') })).toBeVisible();
		await expect(projector.locator('.ranking li').first()).toBeVisible();
		await expect(projector.locator('html')).toHaveAttribute('lang', locale);
	});

	await page.getByLabel(t('nl', 'console_outcome_label')).first().fill(OUTCOME);
	await page.getByRole('button', { name: t('nl', 'console_mark_discussed') }).first().click();
	await expect(table(page).getByText(t('nl', 'console_on_table_none'))).toBeVisible();
	await expect(row(phoneA, T1).getByText(t('nl', 'board_badge_discussed'))).toBeVisible();
	await expect(row(phoneA, T1).getByText(t('nl', 'board_outcome', { outcome: OUTCOME }))).toBeVisible();
	// People take their dots back from a discussed topic and use them elsewhere.
	await expect(removeDot(phoneC, T1)).toBeEnabled();
	await expect(placeDot(phoneC, T1)).toHaveCount(0);
});

test('the phone screens pass axe-core in Dutch and English, with a full board', async () => {
	const page = phoneC;
	await page.getByRole('button', { name: t('nl', 'board_add_more') }).click();
	await expectAccessibleInBothLanguages(page, 'phone (live board)', async (locale) => {
		await goto(page, `/j/${code}`);
		await expect(page.getByRole('heading', { level: 3, name: T2, exact: true })).toBeVisible();
		await page.getByRole('button', { name: t(locale, 'board_add_more') }).click();
		await expect(page.getByRole('textbox', { name: t(locale, 'board_details_label') })).toBeVisible();
	});
	// Offline, in the other language too: the state line and the waiting topic.
	await page.context().setOffline(true);
	await addTopic(page, 'Nog een onderwerp');
	await expect(row(page, 'Nog een onderwerp').getByText(t('nl', 'board_badge_waiting'))).toBeVisible();
	await expectNoAxeViolations(page, 'phone (offline, waiting)');
	await page.context().setOffline(false);
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'));
});

test('closing the gathering freezes the board on every screen; a late command is refused once, with the reason', async () => {
	// Phone B places a dot without network; before it is back, the facilitator closes.
	await phoneB.context().setOffline(true);
	await placeDot(phoneB, T5).click();
	await expect(connection(phoneB)).toContainText(t('nl', 'board_status_waiting', { count: 1 }));

	const page = facilitator;
	await page.getByText(t('nl', 'console_close'), { exact: true }).click();
	await page.getByRole('button', { name: t('nl', 'console_close_confirm') }).click();
	await expect(page.getByRole('group', { name: t('nl', 'console_phase_legend') })).toContainText(t('nl', 'phase_closed'));
	for (const p of [phoneA, phoneC]) {
		await expect(p.getByText(t('nl', 'participant_board_closed'))).toBeVisible();
		await expect(p.getByLabel(t('nl', 'board_add_label'))).toHaveCount(0);
		await expect(placeDot(p, T2)).toHaveCount(0);
	}
	await expect(page.getByRole('button', { name: `${t('nl', 'console_put_on_table')}: ${T2}` })).toHaveCount(0);

	await phoneB.context().setOffline(false);
	const alert = phoneB.getByRole('alert');
	await expect(alert).toContainText(t('nl', 'command_closed'));
	await expect(connection(phoneB)).toHaveText(t('nl', 'board_status_online'));
	await expect(dotsOn(phoneB, T5, 0)).toBeVisible();
	await expectNoAxeViolations(phoneB, 'phone (closed, refused command)');
	await alert.getByRole('button', { name: t('nl', 'board_notice_dismiss') }).click();
	await expect(alert.getByText(t('nl', 'command_closed'))).toHaveCount(0);
	await expect(phoneB.getByText(t('nl', 'participant_board_closed'))).toBeVisible();

	// A participant the facilitator removes loses the board at once, and is told so.
	await page.getByText(`${t('nl', 'console_remove')}: ${NAME_A}`).click();
	await page.getByRole('button', { name: t('nl', 'console_remove_confirm') }).click();
	await expect(connection(phoneA)).toHaveText(t('nl', 'board_status_refused'));
	await expect(connection(phoneB)).toHaveText(t('nl', 'board_status_online'));
});
