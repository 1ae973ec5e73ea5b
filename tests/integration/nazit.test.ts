/**
 * The after-session on the real server: follow-ups become connections only when both say
 * yes, contact details travel only per consented field, and the organisers' files are for
 * the organisers alone. Every file is read back with an independent parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { Client } from '../helpers/http-client';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { sendCommand } from '../helpers/board-client';

let server: ProductionServer;
let setup: Setup;
type Person = { client: Client; cookie: string; id: string };
const people: Record<string, Person> = {};

/** The participant id behind a name, as the nazit page's forms carry it. */
function idIn(html: string, name: string): string {
	const item = html.split('<li').find((chunk) => chunk.includes(`>${name}</h3>`));
	const id = item && /name="participantId" value="([a-z2-7]+)"/.exec(item)?.[1];
	if (!id) throw new Error(`no participant ${name} on the page`);
	return id;
}

const nazit = (_who?: string) => `/j/${setup.joinCode}/nazit`;
const profile = (over: Record<string, string> = {}) => ({ initiative: '', offer: '', lookingFor: '', email: '', phone: '', ...over });
const csvRows = async (client: Client, file: string) => parse(await (await client.get(`/g/${setup.gatheringId}/export/${file}`)).text(), { bom: true, columns: true }) as Record<string, string>[];

beforeAll(async () => {
	server = await startServer();
	setup = await setUpGathering(server.url);
	for (const name of ['Anna', 'Bram', 'Cas']) {
		const joined = await setup.join(name);
		people[name] = { ...joined, id: '' };
	}
});

/** Who is who, read from the nazit page once it offers its forms (in the nazit phase). */
async function learnIds() {
	const html = await (await people.Anna.client.get(nazit('Anna'))).text();
	people.Bram.id = idIn(html, 'Bram');
	people.Cas.id = idIn(html, 'Cas');
	people.Anna.id = idIn(await (await people.Bram.client.get(nazit('Bram'))).text(), 'Anna');
}

afterAll(async () => {
	await server?.stop();
});

describe('the after-session', () => {
	it('refuses changes before the nazit phase, with a reason', async () => {
		const early = await people.Anna.client.post(`${nazit('Anna')}?/profile`, profile({ email: 'anna@example.org', shareEmail: 'on' }));
		expect(early.status).toBe(409);
	});

	it('refuses bad fields and changes nothing', async () => {
		expect((await sendCommand(server.url, setup.gatheringId, setup.facilitatorCookie, 'setPhase', { phase: 'nazit' })).status).toBe(200);
		await learnIds();
		const bad = await people.Anna.client.post(`${nazit('Anna')}?/profile`, profile({ email: 'anna@', phone: '12' }));
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('anna@');
		const page = await (await people.Anna.client.get(nazit('Anna'))).text();
		expect(page).not.toContain('value="anna@"');
	});

	it('makes a connection only when both say yes; one-sided and declined requests never appear', async () => {
		const { Anna, Bram, Cas } = people;
		expect((await Anna.client.post(`${nazit('Anna')}?/profile`, profile({ email: 'anna@example.org', phone: '+31 6 1111 2222', shareEmail: 'on' }))).status).toBe(200);
		expect((await Bram.client.post(`${nazit('Bram')}?/profile`, profile({ email: 'bram@example.org', initiative: 'Repair café', shareEmail: 'on', shareInitiative: 'on' }))).status).toBe(200);
		// Cas writes contact details but shares nothing.
		expect((await Cas.client.post(`${nazit('Cas')}?/profile`, profile({ email: 'cas@example.org', phone: '020 555 1234' }))).status).toBe(200);

		await Anna.client.post(`${nazit('Anna')}?/ask`, { participantId: Bram.id, topicId: '' });
		await Cas.client.post(`${nazit('Cas')}?/ask`, { participantId: Anna.id, topicId: '' });
		expect(await csvRows(setup.facilitator, 'connections.csv')).toEqual([]);

		// Anna declines Cas; Bram accepts Anna.
		const annaPage = await (await Anna.client.get(nazit('Anna'))).text();
		const casRequest = /name="requestId" value="([a-z2-7]+)"/.exec(annaPage.split('<li').find((c) => c.includes('>Cas</h3>'))!)![1];
		await Anna.client.post(`${nazit('Anna')}?/answer`, { requestId: casRequest, accept: 'no' });
		const bramPage = await (await Bram.client.get(nazit('Bram'))).text();
		const annaRequest = /name="requestId" value="([a-z2-7]+)"/.exec(bramPage.split('<li').find((c) => c.includes('>Anna</h3>'))!)![1];
		await Bram.client.post(`${nazit('Bram')}?/answer`, { requestId: annaRequest, accept: 'yes' });

		const rows = await csvRows(setup.facilitator, 'connections.csv');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ person_a: 'Anna', email_a: 'anna@example.org', phone_a: '', person_b: 'Bram', email_b: 'bram@example.org', initiative_b: 'Repair café' });
		const json = await (await setup.facilitator.get(`/g/${setup.gatheringId}/export/gathering.json`)).json();
		expect(json.version).toBe(1);
		expect(json.connections).toHaveLength(1);
		const everything = JSON.stringify(json);
		for (const secret of ['cas@example.org', '020 555 1234', '+31 6 1111 2222']) expect(everything).not.toContain(secret);

		// Each side sees the other's shared fields on the phone, and as a contact card.
		const cards = await (await Anna.client.get(`/j/${setup.joinCode}/connections.vcf`)).text();
		expect(cards).toContain('FN:Bram');
		expect(cards).toContain('EMAIL:bram@example.org');
		const casCards = await (await Cas.client.get(`/j/${setup.joinCode}/connections.vcf`)).text();
		expect(casCards).not.toContain('BEGIN:VCARD');
	});

	it('a withdrawn consent removes the field from every export and screen', async () => {
		const { Anna, Bram } = people;
		await Bram.client.post(`${nazit('Bram')}?/profile`, profile({ email: 'bram@example.org', initiative: 'Repair café', shareInitiative: 'on' }));
		const [row] = await csvRows(setup.facilitator, 'connections.csv');
		expect(row).toMatchObject({ email_b: '', initiative_b: 'Repair café' });
		expect(JSON.stringify(await (await setup.facilitator.get(`/g/${setup.gatheringId}/export/gathering.json`)).json())).not.toContain('bram@example.org');
		expect(await (await Anna.client.get(`/j/${setup.joinCode}/connections.vcf`)).text()).not.toContain('bram@example.org');
		expect(await (await Anna.client.get(nazit('Anna'))).text()).not.toContain('bram@example.org');
	});

	it('follow-up groups give the organisers contact cards and a calendar event', async () => {
		const { Anna, Bram } = people;
		const topic = await sendCommand(server.url, setup.gatheringId, Anna.cookie, 'addTopic', { title: 'Speeltuin, bankjes; schaduw' });
		const topicId = topic.body.topicId!;
		await Anna.client.post(`${nazit('Anna')}?/interest`, { topicId, on: 'on' });
		await Bram.client.post(`${nazit('Bram')}?/interest`, { topicId, on: 'on' });
		const bad = await setup.facilitator.post(`/g/${setup.gatheringId}?/group`, { topicId, contactId: Anna.id, date: '2026-02-30', time: '', place: '' });
		expect(bad.status).toBe(400);
		const made = await setup.facilitator.post(`/g/${setup.gatheringId}?/group`, { topicId, contactId: Anna.id, date: '2026-12-10', time: '19:30', place: 'Buurthuis, zaal 2' });
		expect(made.status).toBe(200);
		const html = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		const groupId = /\/groups\/([a-z2-7]+)\/meeting\.ics/.exec(html)![1];

		const ics = await (await setup.facilitator.get(`/g/${setup.gatheringId}/groups/${groupId}/meeting.ics`)).text();
		const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
		expect(event.summary).toBe('Speeltuin, bankjes; schaduw');
		expect(event.location).toBe('Buurthuis, zaal 2');
		expect(event.startDate.toString()).toBe('2026-12-10T19:30:00');

		const cards = await (await setup.facilitator.get(`/g/${setup.gatheringId}/groups/${groupId}/contacts.vcf`)).text();
		expect(cards).toContain('EMAIL:anna@example.org');
		// Bram took his e-mail consent back: his card has his name only.
		expect(cards).toContain('FN:Bram');
		expect(cards).not.toContain('bram@example.org');
		const groups = await csvRows(setup.facilitator, 'groups.csv');
		expect(groups).toEqual([{ topic: 'Speeltuin, bankjes; schaduw', contact_person: 'Anna', date: '2026-12-10', time: '19:30', place: 'Buurthuis, zaal 2', members: '2' }]);
	});

	it('refuses every organiser file to participants and strangers', async () => {
		const stranger = new Client(server.url);
		const otherHost = new Client(server.url);
		const html = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		const groupId = /\/groups\/([a-z2-7]+)\/contacts\.vcf/.exec(html)![1];
		const files = ['connections.csv', 'topics.csv', 'groups.csv', 'participation.csv', 'gathering.json'].map((f) => `/g/${setup.gatheringId}/export/${f}`);
		files.push(`/g/${setup.gatheringId}/groups/${groupId}/contacts.vcf`, `/g/${setup.gatheringId}/groups/${groupId}/meeting.ics`);
		for (const path of files) {
			expect((await setup.facilitator.get(path)).status, path).toBe(200);
			for (const client of [people.Anna.client, stranger, otherHost]) expect((await client.get(path)).status, path).toBe(403);
		}
		expect((await stranger.get(`/j/${setup.joinCode}/connections.vcf`)).status).toBe(403);
		// A semicolon file for spreadsheets set to Dutch, with the same content.
		const semi = await (await setup.facilitator.get(`/g/${setup.gatheringId}/export/topics.csv?sep=semicolon`)).text();
		expect(parse(semi, { bom: true, columns: true, delimiter: ';' })).toEqual(await csvRows(setup.facilitator, 'topics.csv'));
	});
});
