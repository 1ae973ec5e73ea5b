/**
 * The live board against the real production server: stock y-websocket clients on the
 * realtime endpoint, commands over HTTP, the embedded database underneath.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, sleep, waitFor, waitForClose, type BoardClient } from '../helpers/board-client';
import { board } from '../../src/lib/board/doc';
import { readBoard } from '../../src/lib/board/read';
import { DISCONNECT_GRACE_MS, MAX_PRESENCE_BATCH_MS } from '../../src/lib/server/realtime/presence-batch';

let server: ProductionServer;
let setup: Setup;
let anna: { cookie: string };
let bram: { cookie: string };
const clients: BoardClient[] = [];
const open = (cookie: string) => {
	const client = connectBoard(server.url, setup.gatheringId, cookie);
	clients.push(client);
	return client;
};
const command = (cookie: string, type: string, args: Record<string, unknown> = {}, id?: string) =>
	sendCommand(server.url, setup.gatheringId, cookie, type, args, id);

beforeAll(async () => {
	server = await startServer();
	setup = await setUpGathering(server.url);
	anna = await setup.join('Anna');
	bram = await setup.join('Bram');
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

describe('the live board', () => {
	it('shows a participant’s topic on every other screen', async () => {
		const annaBoard = open(anna.cookie);
		const bramBoard = open(bram.cookie);
		const host = open(setup.facilitatorCookie);
		await Promise.all([annaBoard.synced, bramBoard.synced, host.synced]);
		const added = await command(anna.cookie, 'addTopic', { title: 'Speeltuin bij de Esch' });
		expect(added.status).toBe(200);
		expect(added.body.topicId).toBe(added.id);
		for (const c of [annaBoard, bramBoard, host]) {
			await waitFor(c.doc, () => board(c.doc).topics.has(added.id));
			expect(board(c.doc).topics.get(added.id)).toMatchObject({ title: 'Speeltuin bij de Esch', authorName: 'Anna' });
		}
	});

	it('refuses a participant’s direct Yjs write; it reaches nobody', async () => {
		const forger = open(bram.cookie);
		const watcher = open(anna.cookie);
		await Promise.all([forger.synced, watcher.synced]);
		board(forger.doc).topics.set('forged', { id: 'forged', title: 'Vals' } as never);
		expect((await waitForClose(forger)).code).toBe(4409);
		await sleep(300);
		expect(board(watcher.doc).topics.has('forged')).toBe(false);
		const fresh = open(anna.cookie);
		await fresh.synced;
		expect(board(fresh.doc).topics.has('forged')).toBe(false);
	});

	it('refuses a participant’s attempt to delete a topic through Yjs (a write made only of deletions)', async () => {
		const added = await command(anna.cookie, 'addTopic', { title: 'Blijft staan' });
		const forger = open(bram.cookie);
		await forger.synced;
		await waitFor(forger.doc, () => board(forger.doc).topics.has(added.id));
		board(forger.doc).topics.delete(added.id);
		expect((await waitForClose(forger)).code).toBe(4409);
		const fresh = open(anna.cookie);
		await fresh.synced;
		expect(board(fresh.doc).topics.has(added.id)).toBe(true);
	});

	it('passes a facilitator’s note edit to everyone', async () => {
		const host = open(setup.facilitatorCookie);
		const phone = open(anna.cookie);
		await Promise.all([host.synced, phone.synced]);
		const text = new Y.Text();
		board(host.doc).notes.set('note-topic', text);
		text.insert(0, 'Afspraak: buurtapp opzetten');
		await waitFor(phone.doc, () => board(phone.doc).notes.get('note-topic')?.toString() === 'Afspraak: buurtapp opzetten');
		expect(host.closes).toEqual([]);
	});

	it('gives a note-taker the facilitator appoints a write connection, and takes it back', async () => {
		const dana = await setup.join('Dana');
		const consoleHtml = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		const row = consoleHtml.split('<li class="participant').slice(1).find((r) => r.includes('>Dana<'))!;
		const danaId = /name="participantId" value="([a-z2-7]+)"/.exec(row)![1];
		const appoint = (on: boolean) => setup.facilitator.post(`/g/${setup.gatheringId}?/noteTaker`, { participantId: danaId, noteTaker: on ? 'on' : 'off' });

		expect((await appoint(true)).status).toBe(200);
		const writer = open(dana.cookie);
		const reader = open(anna.cookie);
		await Promise.all([writer.synced, reader.synced]);
		const text = new Y.Text();
		board(writer.doc).notes.set('dana-note', text);
		text.insert(0, 'Genoteerd door Dana');
		await waitFor(reader.doc, () => board(reader.doc).notes.get('dana-note')?.toString() === 'Genoteerd door Dana');

		expect((await appoint(false)).status).toBe(200);
		// Her open socket is closed so that it reconnects with the rights she has now.
		expect((await waitForClose(writer)).code).toBe(4410);
		writer.destroy();
		const after = open(dana.cookie);
		await after.synced;
		board(after.doc).notes.get('dana-note')!.insert(0, 'X');
		expect((await waitForClose(after)).code).toBe(4409);
	});

	it('shows presence with the server-known name, whatever a client claims', async () => {
		const phone = open(bram.cookie);
		const host = open(setup.facilitatorCookie);
		await Promise.all([phone.synced, host.synced]);
		phone.provider.awareness.setLocalStateField('user', { id: 'x', name: 'De burgemeester', role: 'facilitator' });
		const users = () => [...host.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string; role: string } }).user);
		for (let waited = 0; !users().some((u) => u?.name === 'Bram') && waited < 3_000; waited += 50) await sleep(50);
		expect(users()).toContainEqual(expect.objectContaining({ name: 'Bram', role: 'participant' }));
		expect(users().some((u) => u?.name === 'De burgemeester')).toBe(false);
		// Phones show no presence and are sent none: only their own state, not the facilitator's.
		expect([...phone.provider.awareness.getStates().keys()]).toEqual([phone.doc.clientID]);
	});

	it('refuses connections without a session for this gathering, with a named code', async () => {
		const stranger = open('');
		expect((await waitForClose(stranger)).code).toBe(4401);
	});

	it('refuses messages over 1 MB', async () => {
		const { default: WebSocket } = await import('ws');
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/realtime/${setup.gatheringId}`, { headers: { cookie: setup.facilitatorCookie } });
		await new Promise((resolve) => ws.once('open', resolve));
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		ws.send(new Uint8Array(1024 * 1024 + 1));
		expect(await closed).toBe(1009);
	});

	it('limits each participant to 20 commands per 10 seconds, with a clear message', async () => {
		const eager = await setup.join('Snelle Jelle');
		const statuses = [];
		for (let i = 0; i < 21; i++) statuses.push((await command(eager.cookie, 'removeDot', { topicId: 'none' })).status);
		expect(statuses.slice(0, 20).every((s) => s === 409)).toBe(true);
		const limited = await command(eager.cookie, 'addTopic', { title: 'Nog eentje' });
		expect(limited.status).toBe(429);
		expect(limited.body.message).toBe('Even rustig aan: wacht een paar seconden.');
	});

	it('enforces budget, per-topic maximum, ownership and roles', async () => {
		const a = (await command(anna.cookie, 'addTopic', { title: 'Groen' })).id;
		const b = (await command(anna.cookie, 'addTopic', { title: 'Verkeer' })).id;
		expect((await command(bram.cookie, 'placeDot', { topicId: a })).status).toBe(200);
		expect((await command(bram.cookie, 'placeDot', { topicId: a })).status).toBe(200);
		const third = await command(bram.cookie, 'placeDot', { topicId: a });
		expect(third).toMatchObject({ status: 409, body: { ok: false, error: 'topic_max' } });
		expect(third.body.message).toContain('genoeg stippen');
		expect((await command(bram.cookie, 'placeDot', { topicId: b })).status).toBe(200);
		expect((await command(bram.cookie, 'placeDot', { topicId: b })).body.error).toBe('budget_spent');
		expect((await command(bram.cookie, 'withdrawTopic', { topicId: a })).body.error).toBe('not_yours');
		expect((await command(bram.cookie, 'putOnTable', { topicId: a })).status).toBe(403);
		expect((await command(setup.facilitatorCookie, 'putOnTable', { topicId: a })).status).toBe(200);
		expect((await command(anna.cookie, 'editTopic', { topicId: a, title: 'Meer groen' })).body.error).toBe('not_editable');
	});

	it('refuses malformed commands with a translated message and changes nothing', async () => {
		const probe = open(anna.cookie);
		await probe.synced;
		// Earlier tests' screens closed: their presence is written once the disconnect grace is over.
		await sleep(DISCONNECT_GRACE_MS + MAX_PRESENCE_BATCH_MS);
		const before = Y.encodeStateVector(probe.doc);
		for (const [type, args] of [
			['dropEverything', {}],
			['addTopic', { title: 42 }],
			['addTopic', { title: 'x'.repeat(141) }],
			['placeDot', {}]
		] as const) {
			const r = await command(anna.cookie, type, args);
			expect(r.status, type).toBe(400);
			expect(r.body.message).toBeTruthy();
		}
		const english = await fetch(`${server.url}/api/gatherings/${setup.gatheringId}/commands`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: `${anna.cookie}; PARAGLIDE_LOCALE=en` },
			body: JSON.stringify({ id: crypto.randomUUID(), type: 'addTopic', args: { title: '' } })
		});
		expect((await english.json()).message).toBe('Write briefly what you want to talk about.');
		await sleep(200);
		expect(Y.encodeStateVector(probe.doc)).toEqual(before);
	});

	it('applies the same command id once and answers it the same way', async () => {
		const id = crypto.randomUUID();
		const first = await command(anna.cookie, 'addTopic', { title: 'Eén keer' }, id);
		const [again, alsoAgain] = await Promise.all([
			command(anna.cookie, 'addTopic', { title: 'Eén keer' }, id),
			command(anna.cookie, 'addTopic', { title: 'Eén keer' }, id)
		]);
		expect(again.body).toEqual(first.body);
		expect(alsoAgain.body).toEqual(first.body);
		const reader = open(bram.cookie);
		await reader.synced;
		expect([...board(reader.doc).topics.values()].filter((t) => t.title === 'Eén keer')).toHaveLength(1);
		// Someone else cannot reuse the id.
		expect((await command(bram.cookie, 'addTopic', { title: 'Eén keer' }, id)).body.error).toBe('duplicate_id');
	});

	it('lets a participant act only while they are in the gathering, under their current name', async () => {
		// Each step follows a command that succeeded, so the server has just validated (and may
		// remember) the guest session the next command presents again.
		const carla = await setup.join('Carla');
		const first = await command(carla.cookie, 'addTopic', { title: 'Bankjes' });
		expect(first.status).toBe(200);
		const consoleHtml = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		const ids = [...consoleHtml.matchAll(/name="participantId" value="([a-z2-7]+)"/g)].map((m) => m[1]);
		const carlaId = ids[ids.length - 1];
		expect((await setup.facilitator.post(`/g/${setup.gatheringId}?/rename`, { participantId: carlaId, name: 'Carla V.' })).status).toBe(200);
		const renamed = await command(carla.cookie, 'addTopic', { title: 'Fietsenrek' });
		const reader = open(anna.cookie);
		await reader.synced;
		await waitFor(reader.doc, () => board(reader.doc).topics.has(renamed.id));
		expect(board(reader.doc).topics.get(renamed.id)).toMatchObject({ authorId: carlaId, authorName: 'Carla V.' });

		expect((await setup.facilitator.post(`/g/${setup.gatheringId}?/remove`, { participantId: carlaId })).status).toBe(200);
		expect((await command(carla.cookie, 'addTopic', { title: 'Na verwijderen' })).status).toBe(403);

		// Leaving clears the phone's cookie; a copy of the old one is refused all the same.
		const dirk = await setup.join('Dirk');
		expect((await command(dirk.cookie, 'addTopic', { title: 'Zebrapad' })).status).toBe(200);
		await dirk.client.post(`/j/${setup.joinCode}?/leave`, {});
		expect((await command(dirk.cookie, 'addTopic', { title: 'Na vertrek' })).status).toBe(403);
	});

	it('merges then unmerges with every dot back where it was', async () => {
		const s1 = (await command(anna.cookie, 'addTopic', { title: 'Speelplek' })).id;
		const s2 = (await command(bram.cookie, 'addTopic', { title: 'Speelplaats' })).id;
		const carla = await setup.join('Carla');
		await command(carla.cookie, 'placeDot', { topicId: s1 });
		await command(carla.cookie, 'placeDot', { topicId: s2 });
		await command(carla.cookie, 'placeDot', { topicId: s2 });
		const reader = open(carla.cookie);
		await reader.synced;
		const before = board(reader.doc).dots.toJSON();
		expect((await command(setup.facilitatorCookie, 'mergeTopics', { sourceId: s2, targetId: s1 })).status).toBe(200);
		await waitFor(reader.doc, () => board(reader.doc).topics.get(s2)?.status === 'merged');
		expect(readBoard(reader.doc).agenda.find((t) => t.id === s1)?.dots).toBe(2);
		expect((await command(setup.facilitatorCookie, 'unmerge', { topicId: s2 })).status).toBe(200);
		await waitFor(reader.doc, () => board(reader.doc).topics.get(s2)?.status === 'open');
		expect(board(reader.doc).dots.toJSON()).toEqual(before);
	});

	it('keeps its word after a restart: the board reloads from the database', async () => {
		const sent = await command(anna.cookie, 'addTopic', { title: 'Voor de herstart' });
		expect(sent.status).toBe(200);
		const host = open(setup.facilitatorCookie);
		await host.synced;
		await waitFor(host.doc, () => board(host.doc).topics.has(sent.id));
		const live = JSON.stringify(board(host.doc).topics.toJSON());
		const { code } = await server.stop({ keepData: true });
		expect(code).toBe(0);
		server = await startServer({ dataDir: server.dataDir });
		// A phone that never got its answer resends after the restart: the first answer, no second topic.
		const resent = await command(anna.cookie, 'addTopic', { title: 'Voor de herstart' }, sent.id);
		expect(resent.body).toEqual(sent.body);
		const again = open(setup.facilitatorCookie);
		await again.synced;
		expect(JSON.stringify(board(again.doc).topics.toJSON())).toBe(live);
	});
});
