/**
 * What a guest's socket can send, at worst. Every frame here once ended the process, stalled
 * it or made it hold bytes of the sender's choosing; now each closes only its own socket
 * (4400 malformed or over a limit, 4429 over its budget), is counted and logged, and the
 * board goes on serving everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import { MemorySocket } from '../helpers/memory-socket';
import { readAwarenessUpdate } from '../helpers/awareness';
import { UpdateWriter } from '../../src/lib/server/board/writer';
import { RoomRegistry } from '../../src/lib/server/realtime/registry';
import { RealtimeServer } from '../../src/lib/server/realtime/server';
import type { Identity } from '../../src/lib/server/realtime/room';
import { AWARENESS_BATCH_MS } from '../../src/lib/server/realtime/awareness-batch';
import { CLOSE } from '../../src/lib/protocol/close-codes';
import { MESSAGE } from '../../src/lib/protocol/messages';
import { encodeAwareness, encodeSyncStep1 } from '../../src/lib/server/realtime/frames';
import { MAX_SOCKETS_PER_PERSON, READER_BUDGET, MAX_SYNC_REQUESTS_PER_MINUTE } from '../../src/lib/server/realtime/limits';
import { Metrics } from '../../src/lib/server/ops/metrics';
import type { Logger } from '../../src/lib/server/ops/log';
import * as decoding from 'lib0/decoding';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

const until = async (check: () => boolean, ms = 2000) => {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > ms) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
};

const guest = (id: string): Identity => ({ actor: { kind: 'participant', id, name: id }, name: id, role: 'participant' });
const facilitator: Identity = { actor: { kind: 'facilitator', id: 'f' }, name: 'Fatima', role: 'facilitator' };

async function core() {
	const user = await makeUser(database.db);
	const gathering = await makeGathering(database.db, user.id);
	const writer = new UpdateWriter(database.db);
	const registry = new RoomRegistry(database.db, writer, { unloadDelayMs: 20 });
	const logged: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
	const log: Logger = {
		format: 'text',
		info: (msg, fields = {}) => logged.push({ level: 'info', msg, fields }),
		warn: (msg, fields = {}) => logged.push({ level: 'warn', msg, fields }),
		error: (msg, fields = {}) => logged.push({ level: 'error', msg, fields })
	};
	const metrics = new Metrics();
	const realtime = new RealtimeServer(registry, { log, metrics });
	const open = async (identity: Identity, canWrite = false) => {
		const socket = new MemorySocket();
		await realtime.handleConnection(socket, { gatheringId: gathering.id, identity, canWrite });
		return socket;
	};
	const done = async (...sockets: MemorySocket[]) => {
		for (const s of sockets) s.close(1000, 'bye');
		await until(() => registry.size === 0);
		await writer.close();
	};
	return { gathering, registry, realtime, open, done, logged, metrics };
}

/** The sync step 2 answers a socket got: the server still serves it. */
const step2s = (s: MemorySocket) => s.sent.filter((m) => m[0] === MESSAGE.sync && m[1] === 1).length;
const honestStep1 = () => encodeSyncStep1(new Y.Doc());

function syncUpdate(update: Uint8Array, sub = 2): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE.sync);
	encoding.writeVarUint(e, sub);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/** A v1 update with no structs and the given delete ranges of one client. */
function deletesOnly(client: number, ranges: [number, number][]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, ranges.length);
	for (const [clock, len] of ranges) {
		encoding.writeVarUint(e, clock);
		encoding.writeVarUint(e, len);
	}
	return encoding.toUint8Array(e);
}

function rawAwareness(entries: { clientId: number; clock: number; json: string }[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const x of entries) {
		encoding.writeVarUint(e, x.clientId);
		encoding.writeVarUint(e, x.clock);
		encoding.writeVarString(e, x.json);
	}
	return encodeAwareness(encoding.toUint8Array(e));
}

describe('hostile frames on a guest’s socket', () => {
	const families: [string, Uint8Array][] = [
		['an empty state vector', Uint8Array.of(0, 0, 0)],
		['a truncated state vector', Uint8Array.of(0, 0, 1, 5)],
		['a state vector with an inflated count', Uint8Array.of(0, 0, 3, 0xff, 0xff, 0x7f)],
		['a length prefix beyond the frame', Uint8Array.of(0, 2, 0xff, 0xff, 0x03, 1, 2)],
		['a varint over 53 bits', Uint8Array.of(0, 0, 0x0b, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1)],
		['an unknown sync sub-type', Uint8Array.of(0, 7, 0)],
		['an auth message, which only servers send', Uint8Array.of(2, 0, 0)],
		['an unknown message type', Uint8Array.of(9)],
		['an empty frame', new Uint8Array(0)],
		['a truncated delete set', syncUpdate(Uint8Array.of(0, 1, 5))],
		['awareness nested 100,000 levels', rawAwareness([{ clientId: 1, clock: 1, json: '['.repeat(100_000) + ']'.repeat(100_000) }])],
		['awareness that is not JSON', rawAwareness([{ clientId: 1, clock: 1, json: '{"screen":' }])],
		['awareness state of 900 KB', rawAwareness([{ clientId: 1, clock: 1, json: JSON.stringify({ screen: 'phone', x: 'x'.repeat(900_000) }) }])]
	];

	it.each(families)('%s closes that socket only, and is counted and logged', async (_name, frame) => {
		const { open, done, logged, metrics } = await core();
		const attacker = await open(guest('mallory'));
		const honest = await open(guest('anna'));
		attacker.receive(frame);
		expect(attacker.closed?.code).toBe(CLOSE.malformed.code);
		honest.receive(honestStep1());
		await until(() => step2s(honest) === 1);
		expect(honest.closed).toBeNull();
		const counted = metrics.render().split('\n').filter((l) => l.startsWith('opentafel_realtime_refusals_total{reason="malformed"'));
		expect(counted).toHaveLength(1);
		expect(logged.map((l) => l.fields.socket)).toEqual([expect.stringMatching(/^s\d+$/)]);
		expect(logged[0].fields.gathering).toBeTruthy();
		await done(attacker, honest);
	});

	it('checks delete ranges over a long deleted note by range, not by clock', async () => {
		const { open, registry, gathering, done } = await core();
		const host = await open(facilitator, true);
		const room = await registry.acquire(gathering.id);
		// The facilitator types a long note and deletes it.
		const notes = room.doc.getText('hostile-notes');
		room.doc.transact(() => notes.insert(0, 'x'.repeat(20_000)), { kind: 'facilitator-edit', actor: facilitator.actor, connectionId: 'c0' });
		room.doc.transact(() => notes.delete(0, 20_000), { kind: 'facilitator-edit', actor: facilitator.actor, connectionId: 'c0' });
		const client = room.doc.clientID;
		const phone = await open(guest('mallory'));
		// 4,000 ranges over the deleted run claim nothing new: read and let be.
		const ranges = Array.from({ length: 4000 }, (_, i): [number, number] => [(i * 5) % 19_000, 1000]);
		phone.receive(syncUpdate(deletesOnly(client, ranges)));
		expect(phone.closed).toBeNull();
		// A range reaching past what is deleted here is a write attempt.
		phone.receive(syncUpdate(deletesOnly(client, [[19_000, 2 ** 40]])));
		expect(phone.closed?.code).toBe(CLOSE.readOnly.code);
		registry.release(room);
		await done(host, phone);
	});

	it('keeps a client’s screen from its awareness and nothing else, stamped with who it is', async () => {
		const { open, done } = await core();
		const host = await open(facilitator, true);
		const phone = await open(guest('anna'));
		phone.receive(rawAwareness([{ clientId: 7, clock: 1, json: JSON.stringify({ screen: 'phone', user: { name: 'Fatima', role: 'facilitator' }, html: '<img src=x onerror=alert(1)>' }) }]));
		const presence = () => host.sent.filter((m) => m[0] === MESSAGE.awareness).map((m) => readAwarenessUpdate(decoding.readVarUint8Array(afterType(m)))).flat();
		await until(() => presence().length > 0, AWARENESS_BATCH_MS * 8);
		expect(presence()).toEqual([{ clientId: 7, clock: 1, state: { screen: 'phone', user: { id: 'anna', name: 'anna', role: 'participant' } } }]);
		await done(host, phone);
	});

	it('lets a connection speak for two awareness ids, not sixty, and skips echoes of others', async () => {
		const { open, done } = await core();
		const host = await open(facilitator, true);
		const phone = await open(guest('mallory'));
		const other = await open(guest('anna'));
		other.receive(rawAwareness([{ clientId: 500, clock: 1, json: '{"screen":"phone"}' }]));
		const many = Array.from({ length: 60 }, (_, i) => ({ clientId: i + 1, clock: 1, json: '{"screen":"phone"}' }));
		// An echo of anna's state (as the stock client sends back what it received) and sixty ids of its own.
		phone.receive(rawAwareness([{ clientId: 500, clock: 2, json: '{"screen":"projector"}' }, ...many]));
		expect(phone.closed).toBeNull();
		const presence = () => host.sent.filter((m) => m[0] === MESSAGE.awareness).map((m) => readAwarenessUpdate(decoding.readVarUint8Array(afterType(m)))).flat();
		await until(() => presence().length >= 3, AWARENESS_BATCH_MS * 8);
		await new Promise((r) => setTimeout(r, AWARENESS_BATCH_MS * 2));
		const seen = presence().map((e) => [e.clientId, (e.state as { user: { id: string }; screen: string }).user.id, (e.state as { screen: string }).screen]);
		expect(seen.sort()).toEqual([[1, 'mallory', 'phone'], [2, 'mallory', 'phone'], [500, 'anna', 'phone']]);
		await done(host, phone, other);
	});

	it('closes a socket that sends more than its budget, and one that asks for the whole board too often', async () => {
		const { open, done, metrics } = await core();
		const chatty = await open(guest('mallory'));
		for (let i = 0; i <= READER_BUDGET.messages && !chatty.closed; i++) chatty.receive(Uint8Array.of(MESSAGE.queryAwareness));
		expect(chatty.closed?.code).toBe(CLOSE.tooMany.code);
		const syncing = await open(guest('bram'));
		for (let i = 0; i <= MAX_SYNC_REQUESTS_PER_MINUTE; i++) syncing.receive(honestStep1());
		expect(syncing.closed?.code).toBe(CLOSE.tooMany.code);
		expect(metrics.realtimeRefusals.get({ reason: 'rate', kind: 'query-awareness' })).toBe(1);
		expect(metrics.realtimeRefusals.get({ reason: 'rate', kind: 'sync-step1' })).toBe(1);
		await done(chatty, syncing);
	});

	it('gives one person a bounded number of sockets; the oldest makes way for a reconnect', async () => {
		const { open, done } = await core();
		const sockets: MemorySocket[] = [];
		for (let i = 0; i < MAX_SOCKETS_PER_PERSON; i++) sockets.push(await open(guest('anna')));
		expect(sockets.every((s) => s.closed === null)).toBe(true);
		const newest = await open(guest('anna'));
		expect(sockets[0].closed?.code).toBe(CLOSE.tooMany.code);
		expect(sockets.slice(1).every((s) => s.closed === null)).toBe(true);
		newest.receive(honestStep1());
		await until(() => step2s(newest) === 1);
		await done(...sockets, newest);
	});

	it('refuses a writer’s update that Yjs could only keep pending, and keeps nothing of it', async () => {
		const { open, registry, gathering, done } = await core();
		const host = await open(facilitator, true);
		const room = await registry.acquire(gathering.id);
		// An update from a client the board has never seen, starting at clock 1000: it cannot be integrated.
		const forged = new Y.Doc();
		forged.clientID = 424242;
		forged.getText('t').insert(0, 'x'.repeat(1001));
		const withGap = Y.encodeStateAsUpdate(forged, Y.encodeStateVector(stateAt(424242, 1000)));
		host.receive(syncUpdate(withGap, 2));
		expect(host.closed?.code).toBe(CLOSE.malformed.code);
		expect(room.doc.store.pendingStructs).toBeNull();
		registry.release(room);
		await done(host);
	});
});

/** A doc whose state vector says `client` is at `clock`. */
function stateAt(client: number, clock: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = client;
	doc.getText('t').insert(0, 'y'.repeat(clock));
	return doc;
}

function afterType(message: Uint8Array) {
	const decoder = decoding.createDecoder(message);
	decoding.readVarUint(decoder);
	return decoder;
}

describe('hostile updates on a write connection', () => {
	it('refuses a client id Yjs never makes, so no state vector becomes unreadable', async () => {
		const { open, registry, gathering, done } = await core();
		const host = await open(facilitator, true);
		const room = await registry.acquire(gathering.id);
		const forged = new Y.Doc();
		forged.clientID = 2 ** 40;
		forged.getText('t').insert(0, 'x');
		host.receive(syncUpdate(Y.encodeStateAsUpdate(forged), 2));
		expect(host.closed?.code).toBe(CLOSE.malformed.code);
		expect([...Y.decodeStateVector(Y.encodeStateVector(room.doc)).keys()]).not.toContain(2 ** 40);
		registry.release(room);
		await done(host);
	});
});
