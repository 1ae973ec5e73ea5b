/**
 * The board log as several nodes share it.
 *
 * Ordering invariant: every write of a gathering's updates happens inside a transaction that
 * holds that gathering's advisory lock (`lockGathering`). Ids come from one sequence, so
 * within one gathering the ids are handed out *and committed* in the same order: a reader
 * that sees id N of a gathering has already been able to see every lower id of it. Without
 * the lock, two transactions could commit ids 11 and 10 in that order and a node reading in
 * between would record "I have everything up to 11" and never look for 10.
 *
 * That is what lets a node keep one number per loaded board, `durableUpTo` (every update of
 * this gathering with an id up to it is in my doc), and repair any loss by reading the ids
 * above it.
 */
import { and, asc, eq, gt, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { boardCommands, boardSnapshots, boardUpdates, gatherings } from '../db/schema';
import type { LogEntry } from './store';

/** First key of our advisory locks; the second is a hash of the gathering id. */
export const GATHERING_LOCK_SPACE = 0x07a7;

/** Where a committed update sits in its gathering's log: its id and the gathering's id before it. */
export type Durable = { prevId: number; id: number };

/** Held until the transaction ends. A hash collision only makes two boards wait for each other. */
export async function lockGathering(tx: Db, gatheringId: string): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${GATHERING_LOCK_SPACE}, hashtext(${gatheringId}))`);
}

export type LogSince = { snapshot: { data: Uint8Array; upToId: number } | null; updates: { id: number; data: Uint8Array }[]; lastId: number };

/**
 * Everything of a board after `after`: the snapshot too when a compaction folded ids above
 * `after` into it. Call inside a transaction that holds the gathering's lock or is
 * repeatable-read, so a compaction cannot commit between the two reads.
 */
export async function readLogSince(tx: Db, gatheringId: string, after: number): Promise<LogSince> {
	const [snap] = await tx.select({ upToId: boardSnapshots.upToId }).from(boardSnapshots).where(eq(boardSnapshots.gatheringId, gatheringId));
	let snapshot: LogSince['snapshot'] = null;
	if (snap && snap.upToId > after) {
		const [row] = await tx.select({ data: boardSnapshots.data }).from(boardSnapshots).where(eq(boardSnapshots.gatheringId, gatheringId));
		if (row) snapshot = { data: row.data, upToId: snap.upToId };
	}
	const from = Math.max(after, snapshot?.upToId ?? 0);
	const updates = await tx
		.select({ id: boardUpdates.id, data: boardUpdates.data })
		.from(boardUpdates)
		.where(and(eq(boardUpdates.gatheringId, gatheringId), gt(boardUpdates.id, from)))
		.orderBy(asc(boardUpdates.id));
	return { snapshot, updates, lastId: updates.length ? updates[updates.length - 1].id : from };
}

/** The highest id each board's log has reached, counting ids folded into its snapshot. */
export async function lastIds(db: Db, gatheringIds: string[]): Promise<Map<string, number>> {
	const result = new Map<string, number>();
	if (!gatheringIds.length) return result;
	const updates = await db
		.select({ gatheringId: boardUpdates.gatheringId, id: max(boardUpdates.id) })
		.from(boardUpdates)
		.where(inArray(boardUpdates.gatheringId, gatheringIds))
		.groupBy(boardUpdates.gatheringId);
	const snapshots = await db
		.select({ gatheringId: boardSnapshots.gatheringId, id: boardSnapshots.upToId })
		.from(boardSnapshots)
		.where(inArray(boardSnapshots.gatheringId, gatheringIds));
	for (const row of [...updates, ...snapshots]) result.set(row.gatheringId, Math.max(result.get(row.gatheringId) ?? 0, Number(row.id ?? 0)));
	return result;
}

/** The id of the gathering's latest update, under its lock (so it cannot move meanwhile). */
async function lastIdLocked(tx: Db, gatheringId: string): Promise<number> {
	const [row] = await tx.select({ id: max(boardUpdates.id) }).from(boardUpdates).where(eq(boardUpdates.gatheringId, gatheringId));
	const [snap] = await tx.select({ upToId: boardSnapshots.upToId }).from(boardSnapshots).where(eq(boardSnapshots.gatheringId, gatheringId));
	return Math.max(Number(row?.id ?? 0), snap?.upToId ?? 0);
}

/**
 * The group commit's batch when several nodes share the log: like `writeBatch`, but every
 * gathering in the batch is locked first (in a fixed order, so two nodes' batches cannot
 * deadlock) and each update learns its place. Returns, per entry, where its update landed.
 */
export async function writeBatchInOrder(db: Db, entries: LogEntry[]): Promise<(Durable | null)[]> {
	return db.transaction(async (tx) => {
		const ids = [...new Set(entries.map((e) => e.gatheringId))].sort();
		const last = new Map<string, number>();
		for (const id of ids) {
			await lockGathering(tx, id);
			last.set(id, await lastIdLocked(tx, id));
		}
		const out: (Durable | null)[] = [];
		for (const e of entries) {
			if (!e.update) {
				out.push(null);
				continue;
			}
			const [row] = await tx.insert(boardUpdates).values({ gatheringId: e.gatheringId, data: e.update }).returning({ id: boardUpdates.id });
			out.push({ prevId: last.get(e.gatheringId)!, id: row.id });
			last.set(e.gatheringId, row.id);
		}
		const commands = entries.filter((e) => e.command).map((e) => e.command!);
		if (commands.length) await tx.insert(boardCommands).values(commands).onConflictDoNothing();
		for (const e of entries) if (e.phase) await tx.update(gatherings).set({ phase: e.phase }).where(eq(gatherings.id, e.gatheringId));
		return out;
	});
}
