/**
 * Erasure, checked in the database itself: after "forget me" and after the retention period,
 * no name, line, contact detail or follow-up is left — not in the tables, not on the board,
 * not in the board's logged history — and the counts (topics, dots, turns) are intact.
 * Storage suite: runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq, sql } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import { UpdateWriter } from '../../src/lib/server/board/writer';
import { RoomRegistry } from '../../src/lib/server/realtime/registry';
import { CommandService } from '../../src/lib/server/commands/execute';
import { addParticipant, removeParticipant } from '../../src/lib/server/gatherings/participants';
import { askFollowUp, saveProfile, setInterest } from '../../src/lib/server/nazit/store';
import { eraseExpired } from '../../src/lib/server/erasure/erase';
import { GuestSessionCache } from '../../src/lib/server/auth/guest-cache';
import { board, erasureCount } from '../../src/lib/board/doc';
import { gatherings } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/board/types';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

const SECRETS = { name: 'Zwaantje Oosterhuis', email: 'zwaantje@example.org', phone: '+31 6 9876 5432', line: 'Mijn geheime moestuinplan' };
const OTHER = 'Bartholomeus Kwak';
const guests = new GuestSessionCache({ enabled: true });

/** A gathering in its after-session: two people, a topic, dots, a turn, profiles and a connection. */
async function eveningWithPeople() {
	const db = database.db;
	const user = await makeUser(db);
	const gathering = await makeGathering(db, user.id);
	const writer = new UpdateWriter(db);
	const registry = new RoomRegistry(db, writer, { unloadDelayMs: 20 });
	const commands = new CommandService(db, registry);
	const added = await Promise.all([addParticipant(db, gathering.id, SECRETS.name), addParticipant(db, gathering.id, OTHER)]);
	const [zwaan, bart] = added.map((a) => (a.ok ? a.participant : null)!);
	const as = (p: typeof zwaan): Actor => ({ kind: 'participant', id: p.id, name: p.displayName });
	const host: Actor = { kind: 'facilitator', id: user.id };
	const run = (actor: Actor, type: string, args: Record<string, unknown> = {}) => commands.execute(gathering.id, actor, { id: crypto.randomUUID(), type, args });

	const topic = await run(as(zwaan), 'addTopic', { title: 'Bankjes in het park' });
	const topicId = (topic.body as { topicId: string }).topicId;
	await run(as(zwaan), 'placeDot', { topicId });
	await run(as(bart), 'placeDot', { topicId });
	await run(as(zwaan), 'showNameOnProjector', { show: true });
	await run(host, 'giveFloor', { participantId: zwaan.id });
	await run(host, 'endTurn');
	await run(as(zwaan), 'raiseHand');
	await run(host, 'setPhase', { phase: 'nazit' });

	const consent = { shareLines: true, shareInitiative: true, shareEmail: true, sharePhone: true, nameInReport: true };
	expect(await saveProfile(db, gathering.id, zwaan.id, { initiative: SECRETS.line, offer: SECRETS.line, lookingFor: '', email: SECRETS.email, phone: SECRETS.phone, ...consent })).toEqual({ ok: true });
	await setInterest(db, gathering.id, zwaan.id, topicId, true);
	expect(await askFollowUp(db, gathering.id, zwaan.id, bart.id, topicId)).toMatchObject({ ok: true });
	expect(await askFollowUp(db, gathering.id, bart.id, zwaan.id, null)).toEqual({ ok: true, status: 'accepted' });
	return { db, gathering, writer, registry, commands, zwaan, bart, topicId };
}

/** Raw SQL rows, whichever driver runs the suite (PGlite answers `{ rows }`, postgres.js an array). */
async function query(statement: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
	const result = (await database.db.execute(statement)) as unknown as { rows?: Record<string, unknown>[] } & Record<string, unknown>[];
	return result.rows ?? [...result];
}

/** Every text the database holds about this gathering, tables and board history alike. */
async function everythingStored(gatheringId: string): Promise<string> {
	const tables = ['participants', 'nazit_profiles', 'nazit_interests', 'follow_ups', 'follow_up_groups', 'board_commands'];
	const rows = [];
	for (const table of tables) rows.push(...(await query(sql`select * from ${sql.identifier(table)} where gathering_id = ${gatheringId}`)));
	const updates = await query(sql`select data from board_updates where gathering_id = ${gatheringId}`);
	const snapshots = await query(sql`select data from board_snapshots where gathering_id = ${gatheringId}`);
	const bytes = [...updates, ...snapshots].map((r) => Buffer.from(r.data as Uint8Array).toString('utf8'));
	return JSON.stringify(rows) + bytes.join('\n');
}

async function countRows(table: string, gatheringId: string): Promise<number> {
	const [row] = await query(sql`select count(*)::int as n from ${sql.identifier(table)} where gathering_id = ${gatheringId}`);
	return Number(row.n);
}

/** The board as the next screen would load it. */
async function reloadBoard(registry: RoomRegistry, gatheringId: string) {
	await new Promise((resolve) => setTimeout(resolve, 50));
	const room = await registry.acquire(gatheringId);
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
	registry.release(room);
	return board(copy);
}

describe('erasure', () => {
	it('"forget me" leaves nothing of the person, and the counts intact', async () => {
		const { db, gathering, writer, registry, commands, zwaan, topicId } = await eveningWithPeople();
		const before = await everythingStored(gathering.id);
		for (const secret of [SECRETS.name, SECRETS.email, SECRETS.phone, SECRETS.line]) expect(before).toContain(secret);
		expect(erasureCount(await reloadBoard(registry, gathering.id))).toBe(0);

		expect(await removeParticipant(db, guests, gathering.id, zwaan.id)).toBe(true);
		await commands.forget(gathering.id, zwaan.id);

		const after = await everythingStored(gathering.id);
		for (const secret of [SECRETS.name, SECRETS.email, SECRETS.phone, SECRETS.line, 'Zwaantje']) expect(after).not.toContain(secret);
		expect(after).toContain(OTHER);
		expect(await countRows('follow_ups', gathering.id)).toBe(0);
		expect(await countRows('nazit_profiles', gathering.id)).toBe(0);

		const b = await reloadBoard(registry, gathering.id);
		expect(b.topics.get(topicId)).toMatchObject({ title: 'Bankjes in het park', authorName: '', authorId: zwaan.id });
		expect([...b.dots.values()].reduce((s, n) => s + n, 0)).toBe(2);
		expect([...b.turns.values()].filter((t) => t.participantId === zwaan.id)).toHaveLength(1);
		expect(b.hands.size).toBe(0);
		expect(b.publicNames.size).toBe(0);
		// Recorded on the board, so every screen's stored copy is rebuilt; the folded snapshot holds it.
		expect(erasureCount(b)).toBe(1);
		expect(await countRows('board_updates', gathering.id)).toBe(0);
		await registry.close();
		await writer.close();
	});

	it('the retention job erases a gathering closed longer ago than its retention period, and only that one', async () => {
		const old = await eveningWithPeople();
		const recent = await eveningWithPeople();
		const day = 24 * 60 * 60_000;
		for (const [g, closedDaysAgo] of [
			[old.gathering, 31],
			[recent.gathering, 29]
		] as const) {
			await (g === old.gathering ? old : recent).commands.execute(g.id, { kind: 'facilitator', id: g.ownerId }, { id: crypto.randomUUID(), type: 'setPhase', args: { phase: 'closed' } });
			await database.db.update(gatherings).set({ closedAt: new Date(Date.now() - closedDaysAgo * day) }).where(eq(gatherings.id, g.id));
		}

		const erased = await eraseExpired({ db: database.db, commands: old.commands, guests });
		expect(erased).toContain(old.gathering.id);
		expect(erased).not.toContain(recent.gathering.id);

		const after = await everythingStored(old.gathering.id);
		for (const secret of [SECRETS.name, OTHER, SECRETS.email, SECRETS.phone, SECRETS.line]) expect(after).not.toContain(secret);
		expect(await countRows('participants', old.gathering.id)).toBe(0);
		const b = await reloadBoard(old.registry, old.gathering.id);
		expect(b.topics.size).toBe(1);
		expect([...b.dots.values()].reduce((s, n) => s + n, 0)).toBe(2);
		expect(b.turns.size).toBe(1);
		expect(erasureCount(b)).toBe(1);
		const [row] = await database.db.select().from(gatherings).where(eq(gatherings.id, old.gathering.id));
		expect(row.erasedAt).not.toBeNull();
		// Running again erases nothing more.
		expect(await eraseExpired({ db: database.db, commands: old.commands, guests })).not.toContain(old.gathering.id);

		expect(await everythingStored(recent.gathering.id)).toContain(SECRETS.email);
		expect(erasureCount(await reloadBoard(recent.registry, recent.gathering.id))).toBe(0);
		for (const evening of [old, recent]) {
			await evening.registry.close();
			await evening.writer.close();
		}
	});
});
