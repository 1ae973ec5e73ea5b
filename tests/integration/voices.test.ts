/** Hands and the floor on the real server: one queue everywhere, the floor only from the facilitator, server time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http-client';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, sleep, waitFor, type BoardClient } from '../helpers/board-client';
import { PRESENCE_BATCH_MS } from '../../src/lib/server/realtime/presence-batch';
import { board, erasureCount } from '../../src/lib/board/doc';
import { currentQueue, liveTurn } from '../../src/lib/board/voices-apply';

let server: ProductionServer;
let setup: Setup;
const clients: BoardClient[] = [];
beforeAll(async () => {
	server = await startServer();
	setup = await setUpGathering(server.url);
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

describe('voices on the live board', () => {
	it('hands raised from several phones give the same queue on every screen; only the facilitator gives the floor', async () => {
		const people = await Promise.all(['Anna', 'Bram', 'Carla', 'Daan'].map((n) => setup.join(n)));
		const screens = [...people.map((p) => p.cookie), setup.facilitatorCookie].map((cookie) => connectBoard(server.url, setup.gatheringId, cookie));
		clients.push(...screens);
		await Promise.all(screens.map((s) => s.synced));

		await Promise.all(people.map((p) => sendCommand(server.url, setup.gatheringId, p.cookie, 'raiseHand', {})));
		for (const s of screens) await waitFor(s.doc, () => board(s.doc).hands.size === 4);
		const orders = screens.map((s) => currentQueue(board(s.doc), Date.now()).queue.map((e) => e.participantId));
		for (const o of orders) expect(o).toEqual(orders[0]);
		expect(orders[0]).toHaveLength(4);

		const refused = await sendCommand(server.url, setup.gatheringId, people[0].cookie, 'giveFloor', {});
		expect(refused.status).toBe(403);

		const before = Date.now();
		const given = await sendCommand(server.url, setup.gatheringId, setup.facilitatorCookie, 'giveFloor', {});
		const after = Date.now();
		expect(given.status).toBe(200);
		for (const s of screens) await waitFor(s.doc, () => liveTurn(board(s.doc)) !== null);
		const live = liveTurn(board(screens[0].doc))!;
		expect(live.participantId).toBe(orders[0][0]);
		// Stamped by the server's clock (same machine here), not by any client.
		expect(live.start).toBeGreaterThanOrEqual(before - 5);
		expect(live.start).toBeLessThanOrEqual(after + 5);
		for (const s of screens) expect(board(s.doc).hands.size).toBe(3);
	});

	it('records presence from a phone\'s connection, not from the facilitator\'s screens', async () => {
		const eva = await setup.join('Eva');
		const host = connectBoard(server.url, setup.gatheringId, setup.facilitatorCookie);
		clients.push(host);
		await host.synced;
		// Connects are written as presence in batches: let those of earlier phones land first.
		await sleep(PRESENCE_BATCH_MS * 3);
		const presentBefore = new Set(board(host.doc).presence.keys());
		const phone = connectBoard(server.url, setup.gatheringId, eva.cookie);
		await phone.synced;
		await waitFor(host.doc, () => board(host.doc).presence.size > presentBefore.size);
		const evaId = [...board(host.doc).presence.keys()].find((id) => !presentBefore.has(id))!;
		expect(evaId).toBeTruthy();
		expect(board(host.doc).presence.get(evaId)!.connected).toEqual([{ start: expect.any(Number), end: null }]);
		phone.destroy();
		await waitFor(host.doc, () => board(host.doc).presence.get(evaId)!.connected[0].end !== null);
		const [interval] = board(host.doc).presence.get(evaId)!.connected;
		expect(interval.end!).toBeGreaterThanOrEqual(interval.start);
		expect(board(host.doc).presence.size).toBe(presentBefore.size + 1);
	});

	it('adds someone without a phone once, refuses bad names and unknown people, and marks proxy hands', async () => {
		const host = connectBoard(server.url, setup.gatheringId, setup.facilitatorCookie);
		clients.push(host);
		await host.synced;
		const send = (type: string, args: Record<string, unknown>, id?: string) => sendCommand(server.url, setup.gatheringId, setup.facilitatorCookie, type, args, id);

		const added = await send('addProxyParticipant', { name: 'Gerda de Vries' });
		expect(added.status).toBe(200);
		const gerda = (added.body as { participantId?: string }).participantId!;
		expect(gerda).toMatch(/^[a-z2-7]{26}$/);
		// The same command again (a lost answer) gives the same person, not an error or a twin.
		const again = await send('addProxyParticipant', { name: 'Gerda de Vries' }, added.id);
		expect(again.body).toEqual(added.body);
		expect((await send('addProxyParticipant', { name: 'gerda de vries' })).body).toMatchObject({ ok: false, error: 'name_taken' });
		expect((await send('addProxyParticipant', { name: '   ' })).body).toMatchObject({ ok: false, error: 'name_required' });

		expect((await send('raiseHandFor', { participantId: 'aaaaaaaaaaaaaaaaaaaaaaaaaa' })).body).toMatchObject({ ok: false, error: 'unknown_participant' });
		expect((await send('giveFloor', { participantId: 'aaaaaaaaaaaaaaaaaaaaaaaaaa' })).body).toMatchObject({ ok: false, error: 'unknown_participant' });
		expect((await send('raiseHandFor', { participantId: gerda })).status).toBe(200);
		await waitFor(host.doc, () => board(host.doc).hands.get(gerda)?.byProxy === true);
		expect(board(host.doc).presence.get(gerda)!.marked).toEqual([{ start: expect.any(Number), end: null }]);

		const page = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		expect(page).toContain('Gerda de Vries');
	});

	it('serves the participation report to the facilitator only, and the shared copy without names', async () => {
		const path = `/g/${setup.gatheringId}/report`;
		const own = await setup.facilitator.get(path);
		expect(own.status).toBe(200);
		const withNames = await own.text();
		expect(withNames).toContain('Gerda de Vries');
		const shared = await (await setup.facilitator.get(`${path}?copy=shared`)).text();
		for (const name of ['Gerda de Vries', 'Anna', 'Bram', 'Eva']) expect(shared).not.toContain(name);

		const phone = await setup.join('Fenna');
		expect((await phone.client.get(path)).status).toBe(303);
		expect((await new Client(server.url).get(path)).status).toBe(303);
	});

	it('follows a rename on the projector only with consent, and forgets a removed person\'s hand and name', async () => {
		const host = connectBoard(server.url, setup.gatheringId, setup.facilitatorCookie);
		clients.push(host);
		await host.synced;
		const gijs = await setup.join('Gijs Bakker');
		const known = new Set(board(host.doc).presence.keys());
		const phone = connectBoard(server.url, setup.gatheringId, gijs.cookie);
		clients.push(phone);
		await waitFor(host.doc, () => board(host.doc).presence.size > known.size);
		const id = [...board(host.doc).presence.keys()].find((k) => !known.has(k))!;
		await sendCommand(server.url, setup.gatheringId, gijs.cookie, 'showNameOnProjector', { show: true });
		await sendCommand(server.url, setup.gatheringId, gijs.cookie, 'raiseHand', {});
		await waitFor(host.doc, () => board(host.doc).publicNames.get(id) === 'Gijs' && board(host.doc).hands.has(id));

		expect((await setup.facilitator.post(`/g/${setup.gatheringId}?/rename`, { participantId: id, name: 'Sjors Bakker' })).status).toBeLessThan(400);
		await waitFor(host.doc, () => board(host.doc).publicNames.get(id) === 'Sjors');

		const erasures = erasureCount(board(host.doc));
		expect((await setup.facilitator.post(`/g/${setup.gatheringId}?/remove`, { participantId: id })).status).toBeLessThan(400);
		await waitFor(host.doc, () => !board(host.doc).hands.has(id) && !board(host.doc).publicNames.has(id));
		expect(board(host.doc).presence.get(id)!.connected.at(-1)!.end).not.toBeNull();
		// The erasure reaches the screens with the emptied name, so they rebuild their stored copies.
		expect(erasureCount(board(host.doc))).toBe(erasures + 1);
	});
});
