/**
 * Names and titles that mean what they show, against the real production server: a name
 * that only looks like one already in the gathering is refused at the door, at a rename and
 * for a person added by the facilitator, and a title of invisible characters never reaches
 * the board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http-client';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, sleep } from '../helpers/board-client';
import { board } from '../../src/lib/board/doc';

let server: ProductionServer;
let setup: Setup;
let alice: { cookie: string };

beforeAll(async () => {
	server = await startServer();
	setup = await setUpGathering(server.url);
	alice = await setup.join('Alice');
});
afterAll(async () => {
	await server?.stop();
});

const participantCount = async () => {
	const html = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
	return Number(/Deelnemers \((\d+)\)/.exec(html)?.[1]);
};

describe('display names', () => {
	it('refuses a look-alike of a name that is present, with a clear message, and lets no one in', async () => {
		expect(await participantCount()).toBe(1);
		for (const [name, message] of [
			['Аlice', 'hij ziet er hetzelfde uit als de naam van iemand anders'], // Cyrillic А
			['AIice', 'hij ziet er hetzelfde uit als de naam van iemand anders'], // capital I for small L
			['Ali\u200Bce', 'Iemand in deze bijeenkomst heet al zo.'], // the zero-width space is tidied away
			['\u200B\u200C\u2060', 'In deze naam staan geen zichtbare letters of tekens.'],
			['\u3164', 'In deze naam staan geen zichtbare letters of tekens.']
		]) {
			const phone = new Client(server.url);
			const response = await phone.post(`/j/${setup.joinCode}?/join`, { name });
			expect(response.status, name).toBe(400);
			expect(await response.text(), name).toContain(message);
			expect([...phone.cookies.keys()].some((k) => k.startsWith('ot_g_')), name).toBe(false);
		}
		expect(await participantCount()).toBe(1);
	});

	it('says so in English too', async () => {
		const phone = new Client(server.url, { cookie: 'PARAGLIDE_LOCALE=en' });
		const response = await phone.post(`/j/${setup.joinCode}?/join`, { name: 'Аlice' });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('This name is already taken here: it looks the same as the name of someone else.');
	});

	it('lets the same look-alike into another gathering', async () => {
		const created = await setup.facilitator.post('/gatherings/new', { title: 'Tweede avond' });
		const html = await (await setup.facilitator.get(created.headers.get('location')!)).text();
		const code = /\/j\/([2-9A-HJKMNP-Z]{6})/.exec(html)![1];
		expect((await new Client(server.url).post(`/j/${code}?/join`, { name: 'Аlice' })).status).toBe(303);
	});

	it('holds renames and people added by the facilitator to the same rule', async () => {
		const bram = await setup.join('Bram');
		const consoleHtml = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		const ids = [...consoleHtml.matchAll(/name="participantId" value="([a-z2-7]+)"/g)].map((m) => m[1]);
		const bramId = ids[ids.length - 1];
		const renamed = await setup.facilitator.post(`/g/${setup.gatheringId}?/rename`, { participantId: bramId, name: 'A1ice' });
		expect(renamed.status).toBe(400);
		expect(await renamed.text()).toContain('hij ziet er hetzelfde uit');
		const added = await sendCommand(server.url, setup.gatheringId, setup.facilitatorCookie, 'addProxyParticipant', { name: 'Аlice' });
		expect(added.status).toBe(409);
		expect(added.body).toMatchObject({ ok: false, error: 'name_lookalike' });
		expect(added.body.message).toContain('hij ziet er hetzelfde uit');
		expect(bram.cookie).toBeTruthy();
		expect(await participantCount()).toBe(2);
	});
});

describe('topic titles', () => {
	it('refuses a title of zero-width characters with 400 and a clear code, and the board does not change', async () => {
		const reader = connectBoard(server.url, setup.gatheringId, alice.cookie);
		try {
			await reader.synced;
			const before = board(reader.doc).topics.size;
			const refused = await sendCommand(server.url, setup.gatheringId, alice.cookie, 'addTopic', { title: '\u200B\u200B\u200B' });
			expect(refused.status).toBe(400);
			expect(refused.body).toMatchObject({ ok: false, error: 'title_invisible' });
			expect(refused.body.message).toBe('In de titel staan geen zichtbare letters of tekens. Typ een titel die mensen kunnen lezen.');
			const added = await sendCommand(server.url, setup.gatheringId, alice.cookie, 'addTopic', { title: 'Bank\u200Bjes' });
			expect(added.status).toBe(200);
			await sleep(200);
			const titles = [...board(reader.doc).topics.values()].map((t) => t.title);
			expect(titles).toHaveLength(before + 1);
			expect(titles).toContain('Bankjes');
		} finally {
			reader.destroy();
		}
	});
});
