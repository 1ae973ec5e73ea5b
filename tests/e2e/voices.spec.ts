/**
 * Voices, told as one discussion: a facilitator runs it from the console, four residents on
 * their phones raise hands, the floor goes through the queue, and the projector's count of
 * voices heard goes up — without naming anyone who did not agree to it. Someone without a
 * phone is added and gets a hand raised on their behalf. Every new screen is checked with
 * axe-core in Dutch and English.
 */
import { test, expect, type Page } from '@playwright/test';
import { createGathering, expectAccessibleInBothLanguages, expectTablesKeepWordsWhole, goto, logIn, openScreens, t } from './helpers';
import { HEARD_MIN_MS } from '../../src/lib/voices/metrics';

test.describe.configure({ mode: 'serial' });

const NAMES = ['Anouk', 'Bas', 'Cem', 'Dewi'];
let facilitator: Page;
let projector: Page;
const phones: Page[] = [];
let consolePath = '';

/** The phone's line about its own place in the queue. */
const place = (page: Page) => page.locator('.voices').getByRole('status');
const heard = (count: number, present: number) => t('nl', 'voices_heard_of', { heard: count, present });
/** The same figure as the room reads it on the wall. */
const heardOnWall = (count: number, present: number) => t('nl', count === 1 ? 'projector_heard_one' : 'projector_heard', { heard: count, present });

let closeAll: () => Promise<unknown>;
test.beforeAll(async ({ browser, baseURL }) => {
	const screens = await openScreens(browser, baseURL, NAMES.length);
	facilitator = screens.facilitator;
	phones.push(...screens.phones);
	closeAll = screens.closeAll;
});

test.afterAll(async () => {
	await closeAll();
});

test('four phones join; the console shows them present and not yet heard', async () => {
	await logIn(facilitator);
	const created = await createGathering(facilitator, 'Gesprek over het plein');
	consolePath = created.consolePath;
	const code = created.code;
	// The discussion happens in the open agenda; the projector shows the voices there.
	await facilitator.getByRole('button', { name: t('nl', 'phase_agenda') }).click();
	await expect(facilitator.getByRole('button', { name: t('nl', 'phase_agenda') })).toHaveAttribute('aria-pressed', 'true');

	for (const [i, name] of NAMES.entries()) {
		await goto(phones[i], `/j/${code}`);
		await phones[i].getByLabel(t('nl', 'join_name_label')).fill(name);
		await phones[i].getByRole('button', { name: t('nl', 'join_submit') }).click();
		await expect(phones[i].getByRole('button', { name: t('nl', 'voices_phone_speak') })).toBeVisible();
	}
	await expect(facilitator.getByRole('heading', { name: t('nl', 'voices_here_heading', { count: 4 }) })).toBeVisible();
	const grid = facilitator.locator('.grid');
	for (const name of NAMES) await expect(grid.getByRole('button', { name: new RegExp(`^${name}`) })).toContainText(t('nl', 'voices_not_heard_yet'));

	projector = await facilitator.context().newPage();
	await goto(projector, `${consolePath}/projector`);
});

test('hands raised on three phones form one queue; each phone sees only its own place', async () => {
	// Bas agrees to have his first name on the projector while he has the floor.
	await phones[1].getByText(t('nl', 'voices_phone_my_figures')).click();
	await phones[1].getByLabel(t('nl', 'voices_phone_show_name')).check();

	for (const i of [1, 2, 3]) await phones[i].getByRole('button', { name: t('nl', 'voices_phone_speak') }).click();
	const queue = facilitator.locator('ol.queue > li');
	await expect(queue).toHaveCount(3);
	await expect(queue.first()).toContainText('Bas');
	await expect(queue.first()).toContainText(t('nl', 'voices_reason_first_time'));
	await expect(place(phones[1])).toHaveText(t('nl', 'voices_phone_next'));
	await expect(place(phones[2])).toHaveText(t('nl', 'voices_phone_before_you', { count: 1 }));
	await expect(place(phones[3])).toHaveText(t('nl', 'voices_phone_before_you', { count: 2 }));
	// Raising a hand does not reveal anyone else's name on a phone.
	await expect(phones[3].locator('.voices')).not.toContainText('Bas');
	await expect(phones[1].getByRole('button', { name: t('nl', 'voices_phone_lower') })).toBeVisible();
});

test('the floor goes through the queue; the projector counts voices heard without naming the unwilling', async () => {
	await expect(projector.getByText(heardOnWall(0, 4))).toBeVisible();

	await facilitator.getByRole('button', { name: t('nl', 'voices_next_named', { name: 'Bas' }) }).click();
	await expect(place(phones[1])).toHaveText(t('nl', 'voices_phone_your_floor'));
	await expect(facilitator.getByText(t('nl', 'voices_has_floor', { name: 'Bas' }))).toBeVisible();
	await expect(projector.getByText(t('nl', 'projector_has_floor', { name: 'Bas' }))).toBeVisible();
	// The next two places are now fixed and shown as such.
	await expect(facilitator.locator('ol.queue > li').first()).toContainText(t('nl', 'voices_reason_shown'));
	await expect(place(phones[2])).toHaveText(t('nl', 'voices_phone_next'));

	// A turn counts as heard after five seconds.
	await facilitator.waitForTimeout(HEARD_MIN_MS + 500);
	await expect(projector.getByText(heardOnWall(1, 4))).toBeVisible();

	await facilitator.getByRole('button', { name: t('nl', 'voices_next_named', { name: 'Cem' }) }).click();
	await expect(place(phones[2])).toHaveText(t('nl', 'voices_phone_your_floor'));
	// Cem did not agree to be named: the projector says only that someone has the floor.
	await expect(projector.getByText(t('nl', 'projector_floor_taken'))).toBeVisible();
	await expect(projector.locator('body')).not.toContainText('Cem');
	await facilitator.waitForTimeout(HEARD_MIN_MS + 500);
	await facilitator.getByRole('button', { name: t('nl', 'voices_end_turn') }).click();
	await expect(facilitator.getByText(t('nl', 'voices_nobody_has_floor'))).toBeVisible();
	await expect(projector.getByText(heardOnWall(2, 4))).toBeVisible();
	await expect(facilitator.getByText(heard(2, 4))).toBeVisible();

	// Anouk has not been heard: the balance panel says so, by name, to the facilitator only.
	await expect(facilitator.locator('.unheard-names')).toContainText('Anouk');
	await expect(projector.locator('body')).not.toContainText('Anouk');
});

test('someone who just speaks up is tapped in the grid; someone without a phone gets a hand by proxy', async () => {
	await facilitator.locator('.grid').getByRole('button', { name: /^Anouk/ }).click();
	await expect(place(phones[0])).toHaveText(t('nl', 'voices_phone_your_floor'));
	await expect(facilitator.locator('.grid').getByRole('button', { name: /^Anouk/ })).toHaveAttribute('aria-pressed', 'true');

	await facilitator.getByLabel(t('nl', 'voices_proxy_name')).fill('Gerda');
	await facilitator.getByRole('button', { name: t('nl', 'voices_proxy_add') }).click();
	await expect(facilitator.getByRole('heading', { name: t('nl', 'voices_here_heading', { count: 5 }) })).toBeVisible();
	await facilitator.getByRole('button', { name: new RegExp(`^${t('nl', 'voices_raise_for')}\\s*: Gerda$`) }).click();
	const gerda = facilitator.locator('ol.queue > li').filter({ hasText: 'Gerda' });
	await expect(gerda).toContainText(t('nl', 'voices_by_proxy'));
	await expect(projector.getByText(heardOnWall(2, 5))).toBeVisible();
});

test('the console, a phone, the projector and the report pass axe-core in Dutch and English', async () => {
	await expectAccessibleInBothLanguages(facilitator, 'voices console');
	await expectAccessibleInBothLanguages(phones[3], 'voices phone');
	await expectAccessibleInBothLanguages(projector, 'voices projector');
	await goto(facilitator, `${consolePath}/report`);
	await expect(facilitator.getByRole('heading', { name: t('nl', 'report_title') })).toBeVisible();
	await expect(facilitator.locator('main')).toContainText('Anouk');
	await expectAccessibleInBothLanguages(facilitator, 'participation report');
	await goto(facilitator, `${consolePath}/report?copy=shared`);
	await expect(facilitator.getByText(t('nl', 'report_copy_shared'))).toBeVisible();
	for (const name of [...NAMES, 'Gerda']) await expect(facilitator.locator('main')).not.toContainText(name);
	await expectAccessibleInBothLanguages(facilitator, 'participation report, shared copy');
});

test('the report names each figure in plain words with what it means, and keeps every header word whole on a desk and a phone', async () => {
	await goto(facilitator, `${consolePath}/report`);
	const main = facilitator.locator('main');
	await expect(main).toContainText(t('nl', 'voices_gini_help'));
	await expect(main).toContainText(t('nl', 'voices_heard_help', { seconds: HEARD_MIN_MS / 1000 }));
	// The count is checked live above; here, that the report counts people present, in words.
	await expect(main).toContainText(new RegExp(t('nl', 'report_heard_of', { heard: '\\d+', present: '\\d+' })));
	await expectTablesKeepWordsWhole(facilitator);
});
