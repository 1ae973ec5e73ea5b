#!/usr/bin/env node
/**
 * `npm run shots`: screenshots of the screens as people see them, for looking at, not for
 * asserting. Starts the production build (build it first) on a temporary embedded database,
 * fills one gathering with an evening's worth of content — people who joined, topics with
 * dots, a topic on the table, turns (nine of fourteen people heard), after-session choices,
 * a connection, outcomes — and writes PNGs into `shots/` (git-ignored):
 *   - the projector in each phase (arrival, agenda, nazit, closed) at 1024×768, 1280×720,
 *     1440×900 and 1920×1080;
 *   - a phone and the console at 360×640, 390×844 and 1440×900 (in the agenda, the nazit
 *     and the closed phase);
 *   - the participation report and the evening's report (once closed) at the same three sizes;
 * each in Dutch and English. File names: <screen>-<phase>-<width>x<height>-<locale>.png.
 * Options: --port 0 (any free port) --out shots --chromium /usr/bin/chromium
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { browser as person, connectPhone, option, realtimeUrl, root, sendCommand, signUpHost, sleep, startServer } from '../bench/harness.mjs';
import { systemChromium } from './browser-check.js';

const PORT = option('port', 0);
const OUT = path.resolve(root, option('out', 'shots'));
const CHROMIUM = option('chromium', systemChromium(process.env));
const WALLS = [
	[1024, 768],
	[1280, 720],
	[1440, 900],
	[1920, 1080]
];
const HANDHELDS = [
	[360, 640],
	[390, 844],
	[1440, 900]
];
const LOCALES = ['nl', 'en'];
/** Long enough for five seconds of talk to count as heard (HEARD_MIN_MS), with a margin. */
const HEARD_TURN_MS = 5_300;

const NAMES = ['Fatima', 'Henk', 'Joyce', 'Bas', 'Anouk', 'Cem', 'Dewi', 'Gerrit', 'Ilse', 'Karim', 'Lotte', 'Mehmet', 'Noor', 'Pieter'];
const TOPICS = [
	'Speeltuin bij de Esch: de toestellen zijn oud en er is geen schaduw voor de kleintjes',
	'Meer bankjes langs de vaart',
	'Straatverlichting in de Parkstraat',
	'Hondenpoep op de stoep',
	'Een buurtmoestuin op het braakliggende veld achter de school, met bakken voor wie niet goed kan bukken',
	'Te hard rijden in de Dorpsstraat',
	'Ontmoetingsplek voor jongeren',
	'Afvalbakken op het plein lopen elk weekend over',
	'Wie helpt de oudere buren met boodschappen als het glad is, en hoe vinden we elkaar zonder dat iemand zich opgedrongen of vergeten voelt?',
	'Groen in plaats van tegels',
	'Parkeren bij de sporthal',
	'Buurtfeest in juni',
	'Zwerfafval na de markt',
	'Een deelbakfiets voor de wijk',
	'Eenzaamheid onder ouderen',
	'Het buurthuis vaker open',
	'Geluidsoverlast van de snelweg',
	'Fietsenstalling bij het station',
	'Bomen kappen aan de Lindelaan',
	'Taalcafé voor nieuwe buren',
	'Zonnepanelen op de daken van de flats',
	'Een pinautomaat in de wijk',
	'Speelstraat op woensdagmiddag',
	'Veilig oversteken bij de school'
];
const OUTCOMES = [
	'Werkgroep met vijf bewoners; de gemeente komt in juni met een plan voor schaduw en nieuwe toestellen.',
	'De gemeente plaatst vier bankjes voor de zomer.',
	'Melding bij de gemeente; Henk houdt bij of de lampen gemaakt worden.',
	'',
	'Grond is van de woningcorporatie: we vragen toestemming en starten met tien bakken.'
];
const GROUPS = [
	{ topic: 0, date: '2027-01-12', time: '19:30', place: 'Buurthuis De Esch' },
	{ topic: 4, date: '2027-01-20', time: '10:00', place: 'Achter de Jozefschool' }
];

fs.mkdirSync(OUT, { recursive: true });
const server = await startServer({ env: { PORT: String(PORT) } });
const base = server.url;

/** A command, resent after a pause while the person's rate limit (20 per 10 s) says wait. */
async function command(gatheringId, cookie, type, args) {
	for (;;) {
		const { status, body } = await sendCommand(base, gatheringId, cookie, type, args);
		if (status === 429) {
			await sleep(1_000);
			continue;
		}
		if (status >= 400 || body.ok === false) throw new Error(`${type}: ${status} ${JSON.stringify(body)}`);
		return body;
	}
}

async function facilitatorPost(host, pathname, fields) {
	const response = await host.post(pathname, fields);
	if (response.status >= 400) throw new Error(`${pathname}: ${response.status}`);
	return response;
}

let browserInstance;
try {
	const host = await signUpHost(base);
	const created = await facilitatorPost(host, '/gatherings/new', {
		title: 'Bewonersavond De Esch: samen het plein en de speeltuin mooier maken',
		place: 'Buurthuis De Esch, Zwolle',
		date: '2026-12-08',
		dotsPerParticipant: '3',
		maxDotsPerTopic: '2'
	});
	const id = created.headers.location.slice(3);
	const code = /\/j\/([2-9A-Z]{6})/.exec((await host.get(`/g/${id}`)).body.toString())[1];
	const hostCookie = host.cookie();

	const people = [];
	for (const name of NAMES) {
		const phone = person(base);
		const joined = await phone.post(`/j/${code}?/join`, { name });
		if (joined.status !== 303) throw new Error(`${name} could not join: ${joined.status}`);
		people.push({ name, phone, cookie: phone.cookie() });
	}
	// Topics from several people, with dots spread unevenly.
	for (const [i, title] of TOPICS.entries()) await command(id, people[i % people.length].cookie, 'addTopic', { title });
	const topics = await readTopics(id, hostCookie);
	const topicIds = TOPICS.map((title) => topics.find((t) => t.title === title).id);
	for (const [i, p] of people.entries()) {
		for (const t of new Set([i % 3, (i * 2) % 7, (i + 5) % 11])) await command(id, p.cookie, 'placeDot', { topicId: topicIds[t] });
	}

	// Everyone wrote a topic, so the board knows every person's id.
	const participants = NAMES.map((name) => topics.find((t) => t.authorName === name).authorId);
	await shootWalls(id, 'lobby');

	await command(id, hostCookie, 'setPhase', { phase: 'agenda' });
	for (const pid of participants) await command(id, hostCookie, 'markPresent', { participantId: pid, present: true });
	await command(id, hostCookie, 'putOnTable', { topicId: topicIds[8] });
	await command(id, people[3].cookie, 'showNameOnProjector', { show: true });
	// Nine of fourteen heard; Bas talks longest and has the floor at the end.
	for (const [i, pid] of participants.slice(0, 9).entries()) {
		if (i === 3) continue;
		await command(id, hostCookie, 'giveFloor', { participantId: pid });
		await sleep(HEARD_TURN_MS * (i === 0 ? 2 : 1));
	}
	await command(id, hostCookie, 'giveFloor', { participantId: participants[3] });
	await sleep(HEARD_TURN_MS * 3);
	await shootWalls(id, 'agenda');
	await shootHandhelds(id, code, people[1], 'agenda');

	await command(id, hostCookie, 'endTurn', {});
	for (const [i, outcome] of OUTCOMES.entries()) await command(id, hostCookie, 'markDiscussed', { topicId: topicIds[i === 4 ? 8 : i], outcome });
	await command(id, hostCookie, 'setPhase', { phase: 'nazit' });
	for (const [i, p] of people.entries()) {
		for (const t of [0, 4, 8, (i % 5) + 10].slice(0, 1 + (i % 4))) await p.phone.post(`/j/${code}/nazit?/interest`, { topicId: topicIds[t], on: 'on' });
	}
	for (const [a, b] of [
		[0, 2],
		[1, 3],
		[4, 5],
		[6, 0]
	]) {
		await people[a].phone.post(`/j/${code}/nazit?/ask`, { participantId: participants[b], topicId: '' });
		await people[b].phone.post(`/j/${code}/nazit?/ask`, { participantId: participants[a], topicId: '' });
	}
	for (const g of GROUPS) {
		await facilitatorPost(host, `/g/${id}?/group`, { topicId: topicIds[g.topic], contactId: participants[0], date: g.date, time: g.time, place: g.place });
	}
	await shootWalls(id, 'nazit');
	await shootHandhelds(id, code, people[1], 'nazit');

	await command(id, hostCookie, 'setPhase', { phase: 'closed' });
	await shootWalls(id, 'closed');
	await shootHandhelds(id, code, people[1], 'closed');
	await shootReports(id);
	console.log(`shots: ${fs.readdirSync(OUT).filter((f) => f.endsWith('.png')).length} files in ${path.relative(process.cwd(), OUT) || '.'}`);

	/** The projector of one phase at every wall size, in both languages. */
	async function shootWalls(gatheringId, phase) {
		for (const locale of LOCALES) {
			const page = await openPage(hostCookie, locale, WALLS[0]);
			await page.goto(`${base}/g/${gatheringId}/projector`);
			await settle(page);
			for (const [w, h] of WALLS) {
				await page.setViewportSize({ width: w, height: h });
				await page.waitForTimeout(150);
				await page.screenshot({ path: path.join(OUT, `projector-${phase}-${w}x${h}-${locale}.png`) });
			}
			await page.context().close();
		}
	}

	/** One resident's phone page and the facilitator's console at phone and desk sizes. */
	async function shootHandhelds(gatheringId, joinCode, resident, phase) {
		for (const locale of LOCALES) {
			for (const [w, h] of HANDHELDS) {
				for (const [screen, url, cookie] of [
					['phone', `${base}/j/${joinCode}${phase === 'nazit' ? '/nazit' : ''}`, resident.cookie],
					['console', `${base}/g/${gatheringId}`, hostCookie]
				]) {
					const page = await openPage(cookie, locale, [w, h]);
					await page.goto(url);
					await settle(page);
					await page.screenshot({ path: path.join(OUT, `${screen}-${phase}-${w}x${h}-${locale}.png`), fullPage: true });
					await page.context().close();
				}
			}
		}
	}

	/** The facilitator's printable reports, whole pages, at phone and desk sizes. */
	async function shootReports(gatheringId) {
		for (const locale of LOCALES) {
			for (const [w, h] of HANDHELDS) {
				for (const report of ['report', 'nazit-report']) {
					const page = await openPage(hostCookie, locale, [w, h]);
					await page.goto(`${base}/g/${gatheringId}/${report}`);
					await settle(page);
					await page.screenshot({ path: path.join(OUT, `${report}-closed-${w}x${h}-${locale}.png`), fullPage: true });
					await page.context().close();
				}
			}
		}
	}
} finally {
	await browserInstance?.close();
	await server.stop();
}

async function openPage(cookie, locale, [width, height]) {
	browserInstance ??= await chromium.launch({ executablePath: fs.existsSync(CHROMIUM) ? CHROMIUM : undefined, args: ['--no-sandbox', '--disable-gpu'] });
	const context = await browserInstance.newContext({ viewport: { width, height }, locale: locale === 'nl' ? 'nl-NL' : 'en-GB' });
	const cookies = cookie.split('; ').filter(Boolean).map((pair) => {
		const at = pair.indexOf('=');
		return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
	});
	await context.addCookies([...cookies, { name: 'PARAGLIDE_LOCALE', value: locale, url: base }]);
	return context.newPage();
}

/** Hydrated, the live board loaded, and a moment for the last rendering. */
async function settle(page) {
	await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
	await page.waitForLoadState('networkidle').catch(() => {});
	await page.waitForTimeout(600);
}

/** The topics as the board holds them, read over the facilitator's own live connection. */
async function readTopics(gatheringId, cookie) {
	const screen = connectPhone(realtimeUrl(base), gatheringId, cookie);
	try {
		await screen.synced;
		return [...screen.doc.getMap('topics').values()];
	} finally {
		screen.destroy();
	}
}
