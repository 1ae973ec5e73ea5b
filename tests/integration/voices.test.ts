/** Hands and the floor on the real server: one queue everywhere, the floor only from the facilitator, server time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, waitFor, type BoardClient } from '../helpers/board-client';
import { board } from '../../src/lib/board/doc';
import { currentQueue, liveTurn } from '../../src/lib/board/voices-apply';

let server: RunningServer;
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
});
