import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export type Locale = 'nl' | 'en';

/**
 * The admin account. The specs share one database per run: gathering.spec.ts creates this
 * account as the very first one (the join story starts on an empty installation), and the
 * specs that run after it log in with it.
 */
export const ADMIN_EMAIL = 'gespreksleider@example.org';
export const ADMIN_NAME = 'Els';
export const ADMIN_PASSWORD = 'lantaarn paars koffie fietsbel';
type Messages = Record<string, string>;

const messagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'messages');
const catalogues: Record<Locale, Messages> = {
	nl: JSON.parse(fs.readFileSync(path.join(messagesDir, 'nl.json'), 'utf8')),
	en: JSON.parse(fs.readFileSync(path.join(messagesDir, 'en.json'), 'utf8'))
};

/** The UI text of `key` in `locale`, straight from messages/*.json, with `{params}` filled in. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
	const text = catalogues[locale][key];
	if (text === undefined) throw new Error(`No message "${key}" in messages/${locale}.json`);
	return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export const other = (locale: Locale): Locale => (locale === 'nl' ? 'en' : 'nl');

const LOCALE_COOKIE = 'PARAGLIDE_LOCALE';

/** Chooses the language of every later request in this context, as the header button does. */
export async function setLocaleCookie(context: BrowserContext, baseURL: string, locale: Locale) {
	await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL, sameSite: 'Lax' }]);
}

export async function localeCookie(context: BrowserContext): Promise<string | undefined> {
	return (await context.cookies()).find((c) => c.name === LOCALE_COOKIE)?.value;
}

/** The language the page says it is in (`<html lang>`, set by the server per request). */
export async function pageLocale(page: Page): Promise<Locale> {
	const lang = await page.locator('html').getAttribute('lang');
	if (lang !== 'nl' && lang !== 'en') throw new Error(`Unexpected <html lang="${lang}"> on ${page.url()}`);
	return lang;
}

/**
 * Waits until SvelteKit has hydrated the page: its route announcer is only rendered once the
 * app is mounted. Typing into a field before that can be undone by hydration, and a form sent
 * before it is a plain (non-enhanced) post.
 */
export async function waitForHydration(page: Page) {
	await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
}

/** `page.goto` that also waits for hydration. */
export async function goto(page: Page, url: string) {
	const response = await page.goto(url);
	await waitForHydration(page);
	return response;
}

/** `page.reload` that also waits for hydration. */
export async function reload(page: Page) {
	await page.reload();
	await waitForHydration(page);
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS_DIR = process.env.E2E_SHOTS_DIR;

/** Zero axe-core violations on the page as it is now; the message lists every violation found. */
export async function expectNoAxeViolations(page: Page, label: string) {
	await waitForHydration(page);
	const locale = await pageLocale(page);
	if (SHOTS_DIR) {
		fs.mkdirSync(SHOTS_DIR, { recursive: true });
		const file = `${label}-${locale}`.replace(/[^\w.-]+/g, '_');
		await page.screenshot({ path: path.join(SHOTS_DIR, `${file}.png`), fullPage: true });
	}
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const report = results.violations
		.map((v) =>
			[
				`- ${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.helpUrl}`,
				...v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
			].join('\n')
		)
		.join('\n');
	expect(
		results.violations.map((v) => v.id),
		`axe-core violations on "${label}" [${locale}] ${page.url()}:\n${report}`
	).toEqual([]);
}

/**
 * Checks the page as it is, in its current language, then in the other language, then
 * switches the context back. `reproduce` rebuilds a page state that a plain reload would
 * lose (e.g. the error shown after a form post); without it the page's URL is loaded again.
 */
export async function expectAccessibleInBothLanguages(
	page: Page,
	label: string,
	reproduce?: (locale: Locale) => Promise<void>
) {
	const baseURL = new URL(page.url()).origin;
	const url = page.url();
	const first = await pageLocale(page);
	await expectNoAxeViolations(page, label);

	const second = other(first);
	await setLocaleCookie(page.context(), baseURL, second);
	if (reproduce) await reproduce(second);
	else await goto(page, url);
	await expect(page.locator('html')).toHaveAttribute('lang', second);
	await expectNoAxeViolations(page, label);

	await setLocaleCookie(page.context(), baseURL, first);
	await goto(page, url);
	await expect(page.locator('html')).toHaveAttribute('lang', first);
}

/**
 * Presses Tab until the element with `id` has focus; fails when it is not reached within
 * `maxPresses`. Returns the number of presses it took.
 */
export async function tabTo(page: Page, id: string, maxPresses = 15): Promise<number> {
	for (let presses = 1; presses <= maxPresses; presses++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((want) => document.activeElement?.id === want, id)) return presses;
	}
	throw new Error(`#${id} was not reached with ${maxPresses} presses of Tab on ${page.url()}`);
}

/** Logs in as the admin. The join story made that account; run on its own, this story makes it. */
export async function logIn(page: Page) {
	await goto(page, '/login');
	if (await page.getByText(t('nl', 'login_first_run')).isVisible()) {
		await goto(page, '/signup');
		await page.getByLabel(t('nl', 'field_account_name')).fill(ADMIN_NAME);
		await page.getByLabel(t('nl', 'field_email')).fill(ADMIN_EMAIL);
		await page.getByLabel(t('nl', 'field_new_password')).fill(ADMIN_PASSWORD);
		await page.getByRole('button', { name: t('nl', 'signup_button') }).click();
	} else {
		await page.getByLabel(t('nl', 'field_email')).fill(ADMIN_EMAIL);
		await page.getByLabel(t('nl', 'field_password')).fill(ADMIN_PASSWORD);
		await page.getByRole('button', { name: t('nl', 'login_button') }).click();
	}
	await expect(page).toHaveURL(/\/dashboard$/);
}

export const PHONE_OPTIONS = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * A facilitator's laptop and `phoneCount` phones, each its own browser context (its own
 * cookies), in Dutch. Close them with `closeAll` in afterAll.
 */
export async function openScreens(browser: Browser, baseURL: string | undefined, phoneCount: number) {
	const contexts: BrowserContext[] = [];
	const open = async (options: Parameters<Browser['newContext']>[0]) => {
		const context = await browser.newContext({ baseURL, locale: 'nl-NL', ...options });
		contexts.push(context);
		return context.newPage();
	};
	const facilitator = await open({ viewport: { width: 1280, height: 900 } });
	const phones: Page[] = [];
	while (phones.length < phoneCount) phones.push(await open(PHONE_OPTIONS));
	return { facilitator, phones, closeAll: async () => Promise.all(contexts.map((c) => c.close())) };
}

/** The logged-in facilitator creates a gathering; returns its console path and join code. */
export async function createGathering(page: Page, title: string): Promise<{ consolePath: string; code: string }> {
	await goto(page, '/gatherings/new');
	await page.getByLabel(t('nl', 'field_title')).fill(title);
	await page.getByRole('button', { name: t('nl', 'new_gathering_button') }).click();
	await expect(page).toHaveURL(/\/g\/[^/]+$/);
	await waitForHydration(page);
	return { consolePath: new URL(page.url()).pathname, code: ((await page.locator('.join .code').textContent()) ?? '').trim() };
}

/**
 * At a desk and a phone width: every data table header word fits its column (none is split
 * mid-word), and a table too wide scrolls in its own box while the page never scrolls sideways.
 */
export async function expectTablesKeepWordsWhole(page: Page) {
	const before = page.viewportSize();
	try {
		for (const [width, height] of [
			[1440, 900],
			[360, 640]
		]) {
			await page.setViewportSize({ width, height });
			expect(await page.locator('table.data th').count()).toBeGreaterThan(0);
			expect(await wordsWiderThanTheirHeader(page), `${width} px`).toEqual([]);
			expect(await sticksOutSideways(page), `${width} px`).toEqual([]);
		}
	} finally {
		if (before) await page.setViewportSize(before);
	}
}

/** Header words wider than the room their column gives them: the browser would split those. */
function wordsWiderThanTheirHeader(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const measure = document.createElement('canvas').getContext('2d')!;
		const split: string[] = [];
		for (const th of document.querySelectorAll<HTMLElement>('table.data th')) {
			const style = getComputedStyle(th);
			measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
			const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
			for (const word of (th.textContent ?? '').split(/\s+/).filter(Boolean)) if (measure.measureText(word).width > room + 0.5) split.push(word);
		}
		return split;
	});
}

/** Elements that reach past the right edge of the screen, other than table parts scrolled in their own box. */
function sticksOutSideways(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const edge = document.documentElement.clientWidth + 0.5;
		const out: string[] = [];
		for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
			if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) continue;
			if (el.getBoundingClientRect().right > edge) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
		}
		return out;
	});
}
