/**
 * Erasure reaches every screen's stored copy, told as one evening: the console and the
 * projector are open, three residents join, one of them adds a topic (so her name is on the
 * board, and in the copy of the board each phone and the console keep in IndexedDB). One
 * phone is put away (its page closed, its storage kept). Then she stops and erases her data.
 * Afterwards her name is in no IndexedDB database and no Cache Storage entry of any browser:
 * the screens that were open rebuild their copies at once, the phone that was put away does
 * so when it opens again. Before the erasure the same search finds the name, so the search is
 * known to look where the name would be.
 */
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createGathering, expectNoAxeViolations, goto, logIn, PHONE_OPTIONS, t } from './helpers';

test.describe.configure({ mode: 'serial' });

const LEAVER = 'Wilhelmina Zonneveld';
const STAYERS = ['Ruud', 'Saskia'];
const TOPIC = 'Een pannaveld bij de brede school';

let browserRef: Browser;
let baseURL: string;
const contexts: BrowserContext[] = [];
let facilitator: Page;
let projector: Page;
let leaver: Page;
let phoneOn: Page;
/** Put away at the time of the erasure: its page is closed, its browser storage stays. */
let phoneAway: Page;
let awayContext: BrowserContext;
let code = '';
let consolePath = '';

async function newPage(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
	const context = await browserRef.newContext({ baseURL, locale: 'nl-NL', ...options });
	contexts.push(context);
	return context.newPage();
}

const connection = (page: Page) => page.getByRole('status').and(page.locator('.connection'));
const topicRow = (page: Page) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: TOPIC, exact: true }) });

async function join(page: Page, name: string) {
	await goto(page, `/j/${code}`);
	await page.getByLabel(t('nl', 'join_name_label')).fill(name);
	await page.getByRole('button', { name: t('nl', 'join_submit') }).click();
	await expect(page.getByRole('heading', { name: t('nl', 'participant_welcome', { name }) })).toBeVisible();
	await expect(connection(page)).toHaveText(t('nl', 'board_status_online'));
}

/**
 * Everything this browser context keeps for the site, as text: the name of every IndexedDB
 * database, every key and value of every object store (bytes decoded as UTF-8, other values
 * as JSON), and every request and response in Cache Storage. Opened read-only and closed at
 * once; a database deleted meanwhile is not created again (its upgrade is aborted).
 */
function storedText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const decoder = new TextDecoder();
		const asText = (value: unknown): string => {
			if (value instanceof ArrayBuffer) return decoder.decode(new Uint8Array(value));
			if (ArrayBuffer.isView(value)) return decoder.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
			if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${asText(v)}`).join('\n');
			return String(value);
		};
		const request = <T>(r: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const texts: string[] = [];
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			texts.push(`database ${name}`);
			const opening = indexedDB.open(name);
			opening.onupgradeneeded = () => opening.transaction?.abort();
			const db = await request(opening).catch(() => null);
			if (!db) continue;
			db.onversionchange = () => db.close();
			try {
				for (const storeName of [...db.objectStoreNames]) {
					const store = db.transaction(storeName, 'readonly').objectStore(storeName);
					const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
					texts.push(`store ${storeName}`, ...keys.map(asText), ...values.map(asText));
				}
			} finally {
				db.close();
			}
		}
		for (const cacheName of await caches.keys()) {
			const cache = await caches.open(cacheName);
			for (const key of await cache.keys()) {
				const response = await cache.match(key);
				texts.push(`cache ${cacheName} ${key.url}`, response ? await response.text() : '');
			}
		}
		return texts.join('\n');
	});
}

test.beforeAll(async ({ browser }, testInfo) => {
	baseURL = testInfo.project.use.baseURL ?? '';
	expect(baseURL, 'playwright.config.ts sets use.baseURL').not.toBe('');
	browserRef = browser;
	facilitator = await newPage({ viewport: { width: 1280, height: 800 } });
	// The projector runs on the facilitator's laptop (its session), on a second screen.
	projector = await facilitator.context().newPage();
	leaver = await newPage(PHONE_OPTIONS);
	phoneOn = await newPage(PHONE_OPTIONS);
	phoneAway = await newPage(PHONE_OPTIONS);
	awayContext = phoneAway.context();
});

test.afterAll(async () => {
	for (const context of contexts) await context.close();
});

test('a resident\'s name reaches the stored copies of the board on the console and on the phones', async () => {
	await logIn(facilitator);
	({ consolePath, code } = await createGathering(facilitator, 'Buurtavond Noord'));
	await facilitator.getByRole('button', { name: t('nl', 'phase_agenda') }).click();
	await expect(connection(facilitator)).toHaveText(t('nl', 'board_status_online'));
	await goto(projector, `${consolePath}/projector`);
	await expect(projector.locator('.code')).toHaveText(code);

	await join(leaver, LEAVER);
	await join(phoneOn, STAYERS[0]);
	await join(phoneAway, STAYERS[1]);
	await leaver.getByLabel(t('nl', 'board_add_label')).fill(TOPIC);
	await leaver.getByLabel(t('nl', 'board_add_label')).press('Enter');
	for (const page of [phoneOn, phoneAway, facilitator]) {
		await expect(topicRow(page).getByText(t('nl', 'board_by', { names: LEAVER }), { exact: true })).toBeVisible();
	}
	await expect(projector.locator('.ranking li').filter({ hasText: TOPIC })).toBeVisible();

	// The search finds the name where it is kept: y-indexeddb's raw updates.
	for (const page of [facilitator, phoneOn, phoneAway]) await expect.poll(() => storedText(page)).toContain(LEAVER);
	expect(await storedText(phoneOn)).toMatch(/database opentafel-board-/);

	// Put away: the page goes, the browser keeps its storage.
	await phoneAway.close();
});

test('she stops and erases her data: no browser keeps her name, open or opened later', async () => {
	await leaver.getByText(t('nl', 'participant_leave'), { exact: true }).click();
	await leaver.getByRole('button', { name: t('nl', 'participant_leave_confirm') }).click();
	await expect(leaver.getByLabel(t('nl', 'join_name_label'))).toBeVisible();

	// The screens that were open show the topic without her name, and rebuild their copies.
	for (const page of [phoneOn, facilitator]) {
		await expect(topicRow(page)).toBeVisible();
		await expect(topicRow(page).getByText(LEAVER)).toHaveCount(0);
	}
	for (const page of [facilitator, projector, phoneOn, leaver]) {
		await expect.poll(() => storedText(page), { message: `storage of ${page.url()}` }).not.toContain(LEAVER);
	}
	// The copies are still there, rebuilt, with the topic: a phone can still go offline.
	const kept = await storedText(phoneOn);
	expect(kept).toMatch(/database opentafel-board-/);
	expect(kept).toContain(TOPIC);

	// The phone that was put away still has her name until it opens the board again.
	const closedPage = await awayContext.newPage();
	await closedPage.goto('/healthz');
	expect(await storedText(closedPage)).toContain(LEAVER);
	await closedPage.close();

	phoneAway = await awayContext.newPage();
	await goto(phoneAway, `/j/${code}`);
	await expect(connection(phoneAway)).toHaveText(t('nl', 'board_status_online'));
	await expect(topicRow(phoneAway)).toBeVisible();
	await expect(topicRow(phoneAway).getByText(LEAVER)).toHaveCount(0);
	await expect.poll(() => storedText(phoneAway)).not.toContain(LEAVER);
	expect(await storedText(phoneAway)).toContain(TOPIC);

	// And after one more reload, nothing of her comes back from anywhere.
	await goto(phoneAway, `/j/${code}`);
	await expect(topicRow(phoneAway)).toBeVisible();
	expect(await storedText(phoneAway)).not.toContain(LEAVER);
	await expectNoAxeViolations(phoneAway, 'phone after an erasure');
});
