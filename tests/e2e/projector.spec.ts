/**
 * The projector on the wall, told as one evening with far too much on the board: a gathering
 * with a 120-character name and place, sixty topics whose titles run to forty words, four
 * people, after-session choices and outcomes. In every phase, in Dutch and English, at
 * 1024×768, 1280×720, 1440×900 and 1920×1080, the wall is exactly the screen: nothing scrolls,
 * nothing sticks out, lists end in "and N more" where the rest does not fit, and at 1080p no
 * text is smaller than 28 px. Arrival shows the way in, large and whole; a closed gathering
 * shows none. Every state passes axe-core.
 */
import { test, expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { expectNoAxeViolations, goto, logIn, setLocaleCookie, t, type Locale } from './helpers';

test.describe.configure({ mode: 'serial' });

const SIZES = [
	{ width: 1024, height: 768 },
	{ width: 1280, height: 720 },
	{ width: 1440, height: 900 },
	{ width: 1920, height: 1080 }
];
const LOCALES: Locale[] = ['nl', 'en'];
const PEOPLE = ['Yara', 'Olaf', 'Sanne', 'Ruben'];
const TOPICS_EACH = 15;
const TOPIC_COUNT = PEOPLE.length * TOPICS_EACH;
/** At 1080p: the smallest text a room can read from the back. */
const MIN_FONT_PX_1080 = 28;

/** Forty short words, numbered so that every title is its own (at most 140 characters). */
const WORDS = ['de', 'en', 'op', 'in', 'al', 'na', 'te', 'om', 'we', 'zo', 'nu', 'ja', 'ik', 'je', 'ze', 'of'];
const longTitle = (n: number) => [String(n).padStart(2, '0'), ...Array.from({ length: 39 }, (_, i) => WORDS[(n + i) % WORDS.length])].join(' ');
/** One word of 140 letters: a title that cannot wrap between words. */
const unbreakable = (n: number) => `Gemeentelijke${'parkeervergunning'.repeat(7)}${n}`.slice(0, 140);
const titleOf = (n: number) => (n % 10 === 3 ? unbreakable(n) : longTitle(n));
const TITLE = `Bewonersavond ${'over het plein, de speeltuin en de bankjes langs de vaart '.repeat(3)}`.slice(0, 120).trim();
const PLACE = `Buurthuis ${'De Esch aan de Lindelaan achter de sporthal '.repeat(3)}`.slice(0, 120).trim();
const OUTCOME = (n: number) => `Afspraak ${n}: ${'een werkgroep gaat verder en de gemeente komt terug met een plan voor de buurt '.repeat(4)}`.slice(0, 280);

let context: BrowserContext;
let facilitator: Page;
let projector: Page;
let baseURL = '';
let gatheringId = '';
let code = '';
const phones: { context: BrowserContext }[] = [];
/** Topic id by title number. */
const topicIds: string[] = [];

/** A command as a screen sends it; waits out the per-person rate limit (20 per 10 s) if it must. */
async function send(request: APIRequestContext, type: string, args: Record<string, unknown>) {
	for (let attempt = 0; attempt < 30; attempt++) {
		const response = await request.post(`/api/gatherings/${gatheringId}/commands`, { data: { id: crypto.randomUUID(), type, args } });
		if (response.status() === 429) {
			await new Promise((resolve) => setTimeout(resolve, 1_000));
			continue;
		}
		const body = await response.json();
		expect(body.ok, `${type} ${JSON.stringify(args)}: ${JSON.stringify(body)}`).toBe(true);
		return body;
	}
	throw new Error(`${type} stayed rate-limited`);
}

/** A form action on a resident's phone, posted as the browser would. */
async function post(request: APIRequestContext, path: string, form: Record<string, string>) {
	const response = await request.post(path, { form, headers: { origin: baseURL }, maxRedirects: 0 });
	expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(400);
}

test.beforeAll(async ({ browser }, testInfo) => {
	baseURL = testInfo.project.use.baseURL ?? '';
	context = await browser.newContext({ baseURL, locale: 'nl-NL', viewport: SIZES[0] });
	facilitator = await context.newPage();
});

test.afterAll(async () => {
	for (const phone of phones) await phone.context.close();
	await context.close();
});

test('a gathering with a long name, four people and sixty topics of forty words', async ({ browser }) => {
	test.setTimeout(180_000);
	await logIn(facilitator);
	await goto(facilitator, '/gatherings/new');
	await facilitator.getByLabel(t('nl', 'field_title')).fill(TITLE);
	await facilitator.getByLabel(t('nl', 'field_place')).fill(PLACE);
	await facilitator.getByLabel(t('nl', 'field_date')).fill('2026-12-08');
	await facilitator.getByRole('button', { name: t('nl', 'new_gathering_button') }).click();
	await expect(facilitator).toHaveURL(/\/g\/[^/]+$/);
	gatheringId = new URL(facilitator.url()).pathname.split('/')[2];
	code = ((await facilitator.locator('.join .code').textContent()) ?? '').trim();
	expect(code).toMatch(/^[2-9A-Z]{6}$/);

	for (const name of PEOPLE) {
		const phone = await browser.newContext({ baseURL, locale: 'nl-NL' });
		await post(phone.request, `/j/${code}?/join`, { name });
		phones.push({ context: phone });
	}
	for (const [p, phone] of phones.entries()) {
		for (let i = 0; i < TOPICS_EACH; i++) {
			const n = p * TOPICS_EACH + i;
			topicIds[n] = (await send(phone.context.request, 'addTopic', { title: titleOf(n) })).topicId;
		}
	}
	expect(topicIds.filter(Boolean)).toHaveLength(TOPIC_COUNT);

	projector = await context.newPage();
});

/** Every visible element of the wall that lies (partly) outside the screen, or outside the list that clips it. */
async function outliers(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const hidden = (el: Element | null): boolean => {
			for (let a = el; a; a = a.parentElement) {
				const s = getComputedStyle(a);
				const r = a.getBoundingClientRect();
				if (s.display === 'none' || s.visibility === 'hidden') return true;
				if (s.overflow === 'hidden' && (r.width <= 1 || r.height <= 1)) return true;
			}
			return false;
		};
		const describe = (el: Element, r: DOMRect) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}" at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`;
		const bad: string[] = [];
		const wall = document.querySelector('.projector');
		if (!wall) return ['no .projector'];
		// Text may be cut sideways on purpose (one line with an ellipsis), never from below or
		// above: a row or a line that does not fit is left out and counted, not half shown.
		for (const el of wall.querySelectorAll('*')) {
			const whole = el.getBoundingClientRect();
			if (whole.width === 0 || whole.height === 0 || hidden(el)) continue;
			let left = whole.left;
			let right = whole.right;
			// An inline box's glyphs may reach past its line's height; only boxes are checked from below.
			const box = getComputedStyle(el).display !== 'inline';
			for (let a = el.parentElement; a; a = a.parentElement) {
				if (getComputedStyle(a).overflow === 'visible') continue;
				const clip = a.getBoundingClientRect();
				left = Math.max(left, clip.left);
				right = Math.min(right, clip.right);
				if (box && (whole.top < clip.top - 0.5 || whole.bottom > clip.bottom + 0.5)) bad.push(`cut off below or above: ${describe(el, whole)}`);
				if (a === wall) break;
			}
			if (left < -0.5 || whole.top < -0.5 || right > innerWidth + 0.5 || whole.bottom > innerHeight + 0.5) bad.push(`outside the screen: ${describe(el, whole)}`);
		}
		return bad;
	});
}

/** Visible text smaller than `minPx`. */
async function smallText(page: Page, minPx: number): Promise<string[]> {
	return page.evaluate((min) => {
		const hidden = (el: Element | null): boolean => {
			for (let a = el; a; a = a.parentElement) {
				const s = getComputedStyle(a);
				const r = a.getBoundingClientRect();
				if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return true;
				if (s.overflow === 'hidden' && (r.width <= 1 || r.height <= 1)) return true;
			}
			return false;
		};
		const bad: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = (node.textContent ?? '').trim();
			const el = node.parentElement;
			if (!text || !el || hidden(el)) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const onScreen = [...range.getClientRects()].some((r) => r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight);
			if (!onScreen) continue;
			const size = parseFloat(getComputedStyle(el).fontSize);
			if (size < min) bad.push(`${size}px: "${text.slice(0, 40)}"`);
		}
		return bad;
	}, minPx);
}

/**
 * The list named `name` shows as many rows as fit and counts the rest: the rows shown plus the
 * count in its last line make `total`, and one more row would not have fitted.
 */
async function expectFittedList(page: Page, locale: Locale, name: string, total: number) {
	const list = page.locator(`ol.${name}`);
	const fit = page.locator('.fit').filter({ has: list });
	const more = fit.locator('.more');
	const moreText = (hidden: number) => t(locale, hidden === 1 ? 'projector_more_one' : 'projector_more', { count: hidden });
	// The list measures itself after every resize: wait until its count line agrees with its rows.
	await expect
		.poll(async () => {
			const shown = await list.locator(':scope > li').count();
			return (await more.count()) ? ((await more.textContent()) ?? '').trim() === moreText(total - shown) : false;
		})
		.toBe(true);
	const shown = await list.locator(':scope > li').count();
	expect(shown, `${name}: some rows are shown`).toBeGreaterThan(0);
	expect(total - shown, `${name}: not all ${total} rows fit, so some are counted`).toBeGreaterThan(0);
	await expect(more).toHaveText(moreText(total - shown));
	await expect(more).toBeVisible();
	// One more row would not have fitted above the "more" line.
	const room = await fit.evaluate((box) => {
		const row = box.querySelector('ol > li')!.getBoundingClientRect().height;
		const more = box.querySelector('.more')!.getBoundingClientRect().height;
		return Math.floor((box.clientHeight - more) / row + 0.01);
	});
	expect(shown, `${name}: the rows shown fill the list's space above its "more" line`).toBe(room);
}

/** One state of the wall: the checks every phase shares, then the phase's own. */
async function checkWall(phase: string, locale: Locale, size: { width: number; height: number }, own: () => Promise<void>) {
	const page = projector;
	await page.setViewportSize(size);
	await expect(page.locator('.projector')).toHaveAttribute('data-phase', phase);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	// Two frames: the lists measure themselves after a resize.
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	await own();

	const extent = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		scrollHeight: document.documentElement.scrollHeight,
		width: innerWidth,
		height: innerHeight
	}));
	expect(extent, `the page is exactly the ${size.width}×${size.height} screen`).toEqual({
		scrollWidth: size.width,
		scrollHeight: size.height,
		width: size.width,
		height: size.height
	});
	expect(await outliers(page)).toEqual([]);
	await expect(page.getByRole('heading', { level: 1 })).toBeInViewport({ ratio: 1 });
	if (size.height === 1080) expect(await smallText(page, MIN_FONT_PX_1080), 'text under 28 px at 1080p').toEqual([]);
	await expectNoAxeViolations(page, `projector ${phase} ${size.width}x${size.height}`);
}

/** Every size in both languages, the page loaded afresh in each language. */
async function everyWall(phase: string, own: (locale: Locale) => Promise<void>) {
	for (const locale of LOCALES) {
		await setLocaleCookie(context, baseURL, locale);
		await projector.setViewportSize(SIZES[0]);
		await goto(projector, `/g/${gatheringId}/projector`);
		for (const size of SIZES) await checkWall(phase, locale, size, () => own(locale));
	}
	await setLocaleCookie(context, baseURL, 'nl');
}

/** The join code and QR code are on the wall whole: not cut, not scaled off the screen. */
async function expectWayInWhole(page: Page, minQrShare: number) {
	const codeText = page.locator('.projector .code');
	await expect(codeText).toHaveText(code);
	await expect(codeText).toBeInViewport({ ratio: 1 });
	// The letters themselves, not only their box, lie on the screen.
	const letters = await codeText.evaluate((el) => {
		const range = document.createRange();
		range.selectNodeContents(el);
		const r = range.getBoundingClientRect();
		return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.width > 0;
	});
	expect(letters, 'every letter of the code is on the screen').toBe(true);
	const qr = page.locator('.projector .qr svg');
	await expect(qr).toBeInViewport({ ratio: 1 });
	const box = (await qr.boundingBox())!;
	const viewport = page.viewportSize()!;
	expect(Math.min(box.width, box.height), 'the QR code is large enough to scan').toBeGreaterThanOrEqual(minQrShare * viewport.height);
}

test('arrival: the way in, large and whole, at every size', async () => {
	test.setTimeout(240_000);
	await everyWall('lobby', async (locale) => {
		await expectWayInWhole(projector, 0.4);
		await expect(projector.getByText(t(locale, 'projector_join_enter_code'))).toBeVisible();
		await expect(projector.getByText(t(locale, 'projector_topics_waiting', { count: TOPIC_COUNT }))).toBeVisible();
		await expect(projector.locator('.ranking')).toHaveCount(0);
	});
});

test('agenda: on the table clamped, the ranked agenda fitted and counted, the voices, a corner to join', async () => {
	test.setTimeout(240_000);
	await send(facilitator.request, 'setPhase', { phase: 'agenda' });
	// The wall that is already open follows the phase by itself, without a reload.
	await expect(projector.locator('.projector')).toHaveAttribute('data-phase', 'agenda');
	// The topic on the table has the longest words the board allows.
	await send(facilitator.request, 'putOnTable', { topicId: topicIds[3] });
	for (const [p, phone] of phones.entries()) {
		for (const n of [p, p + 10, p + 20]) await send(phone.context.request, 'placeDot', { topicId: topicIds[n] });
	}
	await everyWall('agenda', async (locale) => {
		const table = projector.getByRole('region', { name: t(locale, 'board_on_table_heading') });
		await expect(table).toBeInViewport({ ratio: 1 });
		// Clamped on the wall, whole in the text a screen reader reads.
		await expect(table.locator('.table-title')).toHaveText(titleOf(3));
		await expect(projector.locator('[data-slot="timebox"]')).toHaveCount(1);
		await expectFittedList(projector, locale, 'ranking', TOPIC_COUNT - 1);
		await expect(projector.locator('.ranking li').first()).toContainText(titleOf(0));
		await expect(projector.getByRole('heading', { name: t(locale, 'projector_voices_heading') })).toBeVisible();
		await expectWayInWhole(projector, 0.1);
	});
});

test('nazit: what to do on your phone, the topics people continue on, the connections', async () => {
	test.setTimeout(240_000);
	await send(facilitator.request, 'setPhase', { phase: 'nazit' });
	await expect(projector.locator('.projector')).toHaveAttribute('data-phase', 'nazit');
	const chosen = new Set(continuedTopics());
	for (const [p, phone] of phones.entries()) {
		for (const n of continuedTopics().slice(p * 14, (p + 1) * 14)) await post(phone.context.request, `/j/${code}/nazit?/interest`, { topicId: topicIds[n], on: 'on' });
	}
	// Two people both say yes: one connection.
	const ids = await participantIds();
	await post(phones[0].context.request, `/j/${code}/nazit?/ask`, { participantId: ids[1], topicId: '' });
	await post(phones[1].context.request, `/j/${code}/nazit?/ask`, { participantId: ids[0], topicId: '' });

	await everyWall('nazit', async (locale) => {
		for (const key of ['projector_nazit_step_open', 'projector_nazit_step_topics', 'projector_nazit_step_people']) {
			await expect(projector.getByText(t(locale, key))).toBeInViewport({ ratio: 1 });
		}
		await expectFittedList(projector, locale, 'continuing', chosen.size);
		// Neighbours' choices overlap: the most chosen topics come first, counted in words.
		await expect(projector.locator('.continuing li').first()).toContainText(t(locale, 'projector_people', { count: 2 }));
		await expect(projector.getByText(t(locale, 'projector_connections_one'))).toBeInViewport({ ratio: 1 });
		await expect(projector.locator('.ranking')).toHaveCount(0);
	});
});

test('closed: thanks and the outcomes, fitted and counted; no way in any more', async () => {
	test.setTimeout(240_000);
	// Twenty topics discussed, each with an outcome of the longest length allowed.
	const discussed = Array.from({ length: 20 }, (_, i) => i * 3);
	for (const n of discussed) await send(facilitator.request, 'markDiscussed', { topicId: topicIds[n], outcome: OUTCOME(n) });
	await send(facilitator.request, 'setPhase', { phase: 'closed' });
	await expect(projector.locator('.projector')).toHaveAttribute('data-phase', 'closed');
	await expect(projector.locator('.qr')).toHaveCount(0);
	// Outcomes: the discussed topics, then the others someone continues on.
	const continued = continuedTopics();
	const total = new Set([...discussed, ...continued]).size;

	await everyWall('closed', async (locale) => {
		await expect(projector.getByText(t(locale, 'projector_closed_thanks'))).toBeInViewport({ ratio: 1 });
		await expect(projector.getByText(t(locale, 'projector_took_part', { count: PEOPLE.length }))).toBeInViewport({ ratio: 1 });
		await expect(projector.locator('.qr')).toHaveCount(0);
		await expect(projector.locator('.projector')).not.toContainText(code);
		await expect(projector.getByText(t(locale, 'projector_join_corner'), { exact: true })).toHaveCount(0);
		await expectFittedList(projector, locale, 'outcomes', total);
		await expect(projector.locator('.outcomes li').first()).toContainText(OUTCOME(0).slice(0, 40));
	});
});

/** Participant ids in the order of PEOPLE, from the console's list. */
async function participantIds(): Promise<string[]> {
	await goto(facilitator, `/g/${gatheringId}`);
	const ids: string[] = [];
	for (const name of PEOPLE) {
		const row = facilitator.locator('li').filter({ has: facilitator.locator('.name', { hasText: name }) });
		ids.push(await row.locator('input[name="participantId"]').first().inputValue());
	}
	expect(ids.every(Boolean)).toBe(true);
	return ids;
}

/** Title numbers of the topics someone continues on, as marked in the nazit test. */
function continuedTopics(): number[] {
	// Each person marks fourteen topics; neighbours overlap.
	const marked: number[] = [];
	for (let p = 0; p < PEOPLE.length; p++) for (let i = 0; i < 14; i++) marked.push((p * 9 + i) % TOPIC_COUNT);
	return marked;
}
