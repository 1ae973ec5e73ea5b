/**
 * Convergence and durability against the real server. Seeded random commands from five
 * phones with random disconnects must leave every replica equal to the server's doc and to
 * the doc reloaded from the database; a server killed with SIGKILL must come back with every
 * command it had answered 200.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, sleep, type BoardClient } from '../helpers/board-client';
import { board } from '../../src/lib/board/doc';

const SEED = 20261127;
const servers: ProductionServer[] = [];
const clients: BoardClient[] = [];
afterAll(async () => {
	for (const c of clients) c.destroy();
	for (const s of servers) await s.stop().catch(() => {});
});

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(seed: number) {
	let a = seed;
	return () => {
		a |= 0;
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function sorted(value: Record<string, unknown>) {
	return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Everything on the board, independent of insertion order. */
function boardState(doc: Y.Doc): string {
	const b = board(doc);
	return JSON.stringify({
		topics: sorted(b.topics.toJSON()),
		dots: sorted(b.dots.toJSON()),
		meta: sorted(b.meta.toJSON())
	});
}

async function until(check: () => boolean, ms = 15_000) {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > ms) throw new Error('did not converge in time');
		await sleep(25);
	}
}

describe('convergence', () => {
	it('five phones with random commands and disconnects end equal to the server and the database', async () => {
		const server = await startServer();
		servers.push(server);
		const setup = await setUpGathering(server.url);
		const random = prng(SEED);
		const people = await Promise.all(['Anna', 'Bram', 'Carla', 'Daan', 'Eva'].map((n) => setup.join(n)));
		const phones = people.map((p) => connectBoard(server.url, setup.gatheringId, p.cookie));
		clients.push(...phones);
		await Promise.all(phones.map((p) => p.synced));

		const topicsOf: string[][] = people.map(() => []);
		const allTopics: string[] = [];
		for (let round = 0; round < 30; round++) {
			const batch = [];
			for (let k = 0; k < 3; k++) {
				const i = Math.floor(random() * people.length);
				const roll = random();
				if (roll < 0.15) {
					const provider = phones[i].provider;
					if (provider.wsconnected || provider.wsconnecting) provider.disconnect();
					else provider.connect();
					continue;
				}
				const cookie = people[i].cookie;
				const pick = (list: string[]) => list[Math.floor(random() * list.length)];
				if (roll < 0.45 || allTopics.length === 0) {
					batch.push(
						sendCommand(server.url, setup.gatheringId, cookie, 'addTopic', { title: `T${round}-${k}` }).then((r) => {
							if (r.status === 200) {
								topicsOf[i].push(r.id);
								allTopics.push(r.id);
							}
						})
					);
				} else if (roll < 0.75) {
					batch.push(sendCommand(server.url, setup.gatheringId, cookie, 'placeDot', { topicId: pick(allTopics) }));
				} else if (roll < 0.85) {
					batch.push(sendCommand(server.url, setup.gatheringId, cookie, 'removeDot', { topicId: pick(allTopics) }));
				} else if (roll < 0.93 && topicsOf[i].length) {
					batch.push(sendCommand(server.url, setup.gatheringId, cookie, 'editTopic', { topicId: pick(topicsOf[i]), title: `E${round}` }));
				} else {
					batch.push(sendCommand(server.url, setup.gatheringId, setup.facilitatorCookie, 'putOnTable', { topicId: pick(allTopics) }));
				}
			}
			await Promise.all(batch);
		}
		for (const p of phones) if (!p.provider.wsconnected && !p.provider.wsconnecting) p.provider.connect();

		const reference = connectBoard(server.url, setup.gatheringId, setup.facilitatorCookie);
		clients.push(reference);
		await reference.synced;
		const serverState = boardState(reference.doc);
		expect(board(reference.doc).topics.size).toBeGreaterThan(5);
		await until(() => phones.every((p) => boardState(p.doc) === serverState));
		// Honest phones are never refused: their sync answers carry only what the server sent them.
		for (const p of phones) expect(p.closes.filter((c) => c.code === 4409)).toEqual([]);
		for (const p of phones) expect(boardState(p.doc)).toBe(serverState);

		await server.stop({ keepData: true });
		const restarted = await startServer({ dataDir: server.dataDir });
		servers.push(restarted);
		const reloaded = connectBoard(restarted.url, setup.gatheringId, setup.facilitatorCookie);
		clients.push(reloaded);
		await reloaded.synced;
		expect(boardState(reloaded.doc)).toBe(serverState);
	});
});

describe('durability', () => {
	it('keeps every command answered 200 when the server is killed with SIGKILL', async () => {
		const server = await startServer();
		servers.push(server);
		const setup = await setUpGathering(server.url);
		const people = await Promise.all(Array.from({ length: 10 }, (_, i) => setup.join(`Bewoner ${i + 1}`)));
		const acknowledged: string[] = [];
		let killed = false;
		const loops = people.map(async (p, i) => {
			for (let n = 0; n < 18 && !killed; n++) {
				try {
					const r = await sendCommand(server.url, setup.gatheringId, p.cookie, 'addTopic', { title: `P${i}-${n}` });
					if (r.status === 200) acknowledged.push(r.id);
				} catch {
					return; // the connection died with the server
				}
			}
		});
		await until(() => acknowledged.length >= 60, 20_000);
		killed = true;
		await server.stop({ keepData: true, signal: 'SIGKILL' });
		await Promise.all(loops);
		expect(acknowledged.length).toBeGreaterThanOrEqual(60);

		const restarted = await startServer({ dataDir: server.dataDir });
		servers.push(restarted);
		const reader = connectBoard(restarted.url, setup.gatheringId, setup.facilitatorCookie);
		clients.push(reader);
		await reader.synced;
		const topics = board(reader.doc).topics;
		const missing = acknowledged.filter((id) => !topics.has(id));
		expect(missing).toEqual([]);
	});
});
