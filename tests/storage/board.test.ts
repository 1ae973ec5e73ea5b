/** The board log and command ledger: storage suite, on PGlite and on PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import { commandIdsOf, findCommand, lastUpdateId, loadBoardLog, writeBatch, writeSnapshot } from '../../src/lib/server/board/store';
import { gatherings } from '../../src/lib/server/db/schema';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

function updateSetting(doc: Y.Doc, key: string, value: string): Uint8Array {
	let captured: Uint8Array | null = null;
	const listener = (u: Uint8Array) => (captured = u);
	doc.on('update', listener);
	doc.getMap('m').set(key, value);
	doc.off('update', listener);
	return captured!;
}

describe('board log', () => {
	it('writes updates, commands and phase in one batch and reads them back in order', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const g = await makeGathering(db, user.id);
		const doc = new Y.Doc();
		const u1 = updateSetting(doc, 'a', '1');
		const u2 = updateSetting(doc, 'b', '2');
		await writeBatch(db, [
			{ gatheringId: g.id, update: u1, command: { id: crypto.randomUUID(), gatheringId: g.id, actorId: 'p', type: 'addTopic', result: { ok: true } }, phase: null },
			{ gatheringId: g.id, update: u2, command: null, phase: 'agenda' }
		]);
		const log = await loadBoardLog(db, g.id);
		expect(log.snapshot).toBeNull();
		expect(log.updates.map((u) => Array.from(u))).toEqual([Array.from(u1), Array.from(u2)]);
		const [row] = await db.select().from(gatherings).where(eq(gatherings.id, g.id));
		expect(row.phase).toBe('agenda');

		const replica = new Y.Doc();
		for (const u of log.updates) Y.applyUpdate(replica, u);
		expect(replica.getMap('m').toJSON()).toEqual({ a: '1', b: '2' });
	});

	it('keeps the first record of a command id and finds it again', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const g = await makeGathering(db, user.id);
		const id = crypto.randomUUID();
		await writeBatch(db, [{ gatheringId: g.id, update: null, command: { id, gatheringId: g.id, actorId: 'p', type: 'placeDot', result: { ok: false, error: 'budget_spent' } }, phase: null }]);
		await writeBatch(db, [{ gatheringId: g.id, update: null, command: { id, gatheringId: g.id, actorId: 'p', type: 'placeDot', result: { ok: true } }, phase: null }]);
		expect(await findCommand(db, g.id, id)).toMatchObject({ result: { ok: false, error: 'budget_spent' } });
		expect(await findCommand(db, g.id, crypto.randomUUID())).toBeNull();
		expect(await commandIdsOf(db, g.id)).toEqual([id]);
	});

	it('keeps command ids apart per gathering', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const [a, b] = [await makeGathering(db, user.id), await makeGathering(db, user.id)];
		const id = crypto.randomUUID();
		await writeBatch(db, [{ gatheringId: a.id, update: null, command: { id, gatheringId: a.id, actorId: 'p', type: 'addTopic', result: { ok: true } }, phase: null }]);
		expect(await findCommand(db, b.id, id)).toBeNull();
		await writeBatch(db, [{ gatheringId: b.id, update: null, command: { id, gatheringId: b.id, actorId: 'q', type: 'placeDot', result: { ok: true } }, phase: null }]);
		expect(await findCommand(db, a.id, id)).toMatchObject({ actorId: 'p', type: 'addTopic' });
		expect(await findCommand(db, b.id, id)).toMatchObject({ actorId: 'q', type: 'placeDot' });
	});

	it('folds the log into a snapshot and keeps what came after', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const g = await makeGathering(db, user.id);
		const doc = new Y.Doc();
		for (let i = 0; i < 5; i++) await writeBatch(db, [{ gatheringId: g.id, update: updateSetting(doc, `k${i}`, 'v'), command: null, phase: null }]);
		const upTo = await lastUpdateId(db, g.id);
		await writeSnapshot(db, g.id, Y.encodeStateAsUpdate(doc), upTo);
		const late = updateSetting(doc, 'late', 'v');
		await writeBatch(db, [{ gatheringId: g.id, update: late, command: null, phase: null }]);
		const log = await loadBoardLog(db, g.id);
		expect(log.snapshot).not.toBeNull();
		expect(log.updates).toHaveLength(1);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, log.snapshot!);
		for (const u of log.updates) Y.applyUpdate(replica, u);
		expect(Object.keys(replica.getMap('m').toJSON()).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'late']);
	});
});
