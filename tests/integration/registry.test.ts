/**
 * The realtime core in process, over in-memory sockets: rooms are shared, and after the last
 * connection leaves and its writes are committed nothing is left behind — no room, no doc
 * listener, no awareness timer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { board } from '../../src/lib/board/doc';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import { MemorySocket } from '../helpers/memory-socket';
import { UpdateWriter } from '../../src/lib/server/board/writer';
import { RoomRegistry } from '../../src/lib/server/realtime/registry';
import { RealtimeServer } from '../../src/lib/server/realtime/server';
import { CommandService } from '../../src/lib/server/commands/execute';
import type { Identity } from '../../src/lib/server/realtime/room';
import { loadBoardLog } from '../../src/lib/server/board/store';
import { AWARENESS_BATCH_MS } from '../../src/lib/server/realtime/awareness-batch';
import { PRESENCE_BATCH_MS } from '../../src/lib/server/realtime/presence-batch';
import { encodeAwareness, encodeAwarenessUpdate } from '../../src/lib/server/realtime/frames';
import { readAwarenessUpdate } from '../helpers/awareness';
import * as decoding from 'lib0/decoding';

/** A message's body after its type byte. */
const withoutType = (message: Uint8Array) => {
	const decoder = decoding.createDecoder(message);
	decoding.readVarUint(decoder);
	return decoder;
};

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

const UNLOAD_MS = 20;
const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const until = async (check: () => boolean, ms = 2000) => {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > ms) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
};

/** A gathering and the realtime core around it, as the runtime wires them. */
async function realtimeCore(options: { compactAfterUpdates?: number } = {}) {
	const db = database.db;
	const user = await makeUser(db);
	const gathering = await makeGathering(db, user.id);
	const writer = new UpdateWriter(db);
	const registry = new RoomRegistry(db, writer, { unloadDelayMs: UNLOAD_MS, ...options });
	return { db, gathering, writer, registry, realtime: new RealtimeServer(registry), commands: new CommandService(db, registry) };
}

describe('room registry', () => {
	it('shares one room per gathering and unloads it completely after the last connection', async () => {
		const { db, gathering, writer, registry, realtime, commands } = await realtimeCore();
		const timersBefore = activeTimers();

		const people: Identity[] = ['Anna', 'Bram', 'Carla'].map((name) => ({
			actor: { kind: 'participant', id: name.toLowerCase(), name },
			name,
			role: 'participant'
		}));
		const sockets = people.map(() => new MemorySocket());
		await Promise.all(sockets.map((s, i) => realtime.handleConnection(s, { gatheringId: gathering.id, identity: people[i], canWrite: false })));
		expect(registry.size).toBe(1);
		const room = await registry.acquire(gathering.id);
		registry.release(room);
		expect(room.connections.size).toBe(3);
		// Each person's connection opened their presence, durably, in one batch.
		await until(() => board(room.doc).presence.size === 3);
		await writer.drain();
		expect([...board(room.doc).presence.keys()].sort()).toEqual(['anna', 'bram', 'carla']);
		// Three connects within the batch window: one change to the board, not three.
		const logged = (await loadBoardLog(db, gathering.id)).updates.length;
		expect(logged).toBe(1);

		const result = await commands.execute(gathering.id, people[0].actor, { id: crypto.randomUUID(), type: 'addTopic', args: { title: 'Bankjes' } });
		expect(result.status).toBe(200);
		// Broadcast after the commit: every connection got the update.
		for (const s of sockets) expect(s.sent.length).toBeGreaterThanOrEqual(2);
		expect((await loadBoardLog(db, gathering.id)).updates).toHaveLength(logged + 1);

		for (const s of sockets) s.close(1000, 'bye');
		expect(room.connections.size).toBe(0);
		await until(() => registry.size === 0);
		expect(registry.has(gathering.id)).toBe(false);
		// The doc's and awareness' listeners are gone and the awareness interval is cleared.
		expect((room.doc as unknown as { _observers: Map<string, unknown> })._observers.size).toBe(0);
		expect((room.awareness as unknown as { _observers: Map<string, unknown> })._observers.size).toBe(0);
		await until(() => activeTimers() <= timersBefore);
		expect(activeTimers()).toBeLessThanOrEqual(timersBefore);

		// The last socket of each person closed their presence, and that was committed before the unload.
		const reloaded = await registry.acquire(gathering.id);
		for (const id of ['anna', 'bram', 'carla']) expect(board(reloaded.doc).presence.get(id)!.connected.at(-1)!.end).not.toBeNull();
		registry.release(reloaded);
		await until(() => registry.size === 0);
		await writer.close();
	});

	it('keeps a room while a command holds it, and loads it afresh afterwards', async () => {
		const { gathering, writer, registry, commands } = await realtimeCore();
		const actor = { kind: 'participant' as const, id: 'p1', name: 'Piet' };
		await Promise.all(
			Array.from({ length: 10 }, (_, i) => commands.execute(gathering.id, actor, { id: crypto.randomUUID(), type: 'addTopic', args: { title: `T${i}` } }))
		);
		await until(() => registry.size === 0);
		const room = await registry.acquire(gathering.id);
		expect(room.doc.getMap('topics').size).toBe(10);
		registry.release(room);
		await until(() => registry.size === 0);
		await writer.close();
	});

	it('folds a long log into a snapshot on unload, and loads the same board from it', async () => {
		const { db, gathering, writer, registry, commands } = await realtimeCore({ compactAfterUpdates: 10 });
		const people = Array.from({ length: 3 }, (_, i) => ({ kind: 'participant' as const, id: `p${i}`, name: `P${i}` }));
		for (let i = 0; i < 24; i++) {
			const r = await commands.execute(gathering.id, people[i % 3], { id: crypto.randomUUID(), type: 'addTopic', args: { title: `T${i}` } });
			expect(r.status).toBe(200);
		}
		await until(() => registry.size === 0);
		const log = await loadBoardLog(db, gathering.id);
		expect(log.snapshot).not.toBeNull();
		expect(log.updates).toHaveLength(0);
		const room = await registry.acquire(gathering.id);
		expect(room.doc.getMap('topics').size).toBe(24);
		// New updates after the snapshot are kept and replayed on top of it.
		await commands.execute(gathering.id, people[0], { id: crypto.randomUUID(), type: 'addTopic', args: { title: 'na' } });
		registry.release(room);
		await until(() => registry.size === 0);
		const again = await registry.acquire(gathering.id);
		expect(again.doc.getMap('topics').size).toBe(25);
		registry.release(again);
		await until(() => registry.size === 0);
		await writer.close();
	});

	it('refuses a read-only connection’s write and keeps it from the others', async () => {
		const { db, gathering, writer, registry, realtime } = await realtimeCore();
		const reader = new MemorySocket();
		const other = new MemorySocket();
		const identity: Identity = { actor: { kind: 'participant', id: 'r', name: 'R' }, name: 'R', role: 'participant' };
		await realtime.handleConnection(reader, { gatheringId: gathering.id, identity, canWrite: false });
		await realtime.handleConnection(other, { gatheringId: gathering.id, identity, canWrite: false });
		// The person's presence is written (and broadcast) once, for both connections, after the batch window.
		await new Promise((r) => setTimeout(r, PRESENCE_BATCH_MS * 2));
		await writer.drain();
		const logged = (await loadBoardLog(db, gathering.id)).updates.length;
		expect(logged).toBe(1);
		const before = other.sent.length;
		const Y = await import('yjs');
		const forged = new Y.Doc();
		forged.getMap('topics').set('x', { id: 'x' });
		const { encodeUpdate } = await import('../../src/lib/server/realtime/frames');
		reader.receive(encodeUpdate(Y.encodeStateAsUpdate(forged)));
		expect(reader.closed?.code).toBe(4409);
		await writer.drain();
		expect(other.sent.length).toBe(before);
		expect((await loadBoardLog(db, gathering.id)).updates).toHaveLength(logged);
		other.close(1000, 'bye');
		await until(() => registry.size === 0);
		await writer.close();
	});

	it('passes presence on in batches, to the facilitator’s screens only', async () => {
		const { gathering, writer, registry, realtime } = await realtimeCore();
		const host = new MemorySocket();
		const phones = [new MemorySocket(), new MemorySocket()];
		const facilitator: Identity = { actor: { kind: 'facilitator', id: 'f' }, name: 'f', role: 'facilitator' };
		await realtime.handleConnection(host, { gatheringId: gathering.id, identity: facilitator, canWrite: true });
		const people = ['Anna', 'Bram'].map((name, i): Identity => ({ actor: { kind: 'participant', id: `p${i}`, name }, name, role: 'participant' }));
		await Promise.all(phones.map((s, i) => realtime.handleConnection(s, { gatheringId: gathering.id, identity: people[i], canWrite: false })));
		const awarenessSent = (s: MemorySocket) => s.sent.filter((m) => m[0] === 1).map((m) => readAwarenessUpdate(decoding.readVarUint8Array(withoutType(m))))
				// The heartbeat is an empty awareness update; it is not presence.
				.filter((entries) => entries.length > 0);
		const before = awarenessSent(host).length;
		// Each phone announces itself, then renews: four changes within one batch window.
		for (const clock of [1, 2]) phones.forEach((s, i) => s.receive(encodeAwareness(encodeAwarenessUpdate([{ clientId: 100 + i, clock, state: { screen: 'phone' } }]))));
		await until(() => awarenessSent(host).length > before, AWARENESS_BATCH_MS * 8);
		const batches = awarenessSent(host).slice(before);
		expect(batches).toHaveLength(1);
		expect(batches[0].map((e) => [e.clientId, e.clock, (e.state as { user?: { name: string } }).user?.name])).toEqual([
			[100, 2, 'Anna'],
			[101, 2, 'Bram']
		]);
		for (const s of phones) expect(awarenessSent(s)).toEqual([]);
		for (const s of [host, ...phones]) s.close(1000, 'bye');
		await until(() => registry.size === 0);
		await writer.close();
	});
});
