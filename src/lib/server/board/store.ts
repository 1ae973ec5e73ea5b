/** Reading and writing the durable board log (snapshot + updates) and the command ledger. */
import { and, asc, count, eq, gt, lte, max } from 'drizzle-orm';
import type { Db } from '../db/client';
import { boardCommands, boardSnapshots, boardUpdates, gatherings } from '../db/schema';
import type { Phase } from '$lib/board/types';

export type StoredBoard = { snapshot: Uint8Array | null; updates: Uint8Array[]; lastId: number };

/**
 * Snapshot and later updates, read in one repeatable-read transaction: a compaction
 * committing between the two reads would otherwise hide the updates it folded away.
 */
export async function loadBoardLog(db: Db, gatheringId: string): Promise<StoredBoard> {
	return db.transaction(
		async (tx) => {
			const [snapshot] = await tx.select().from(boardSnapshots).where(eq(boardSnapshots.gatheringId, gatheringId));
			const after = snapshot?.upToId ?? 0;
			const rows = await tx
				.select({ id: boardUpdates.id, data: boardUpdates.data })
				.from(boardUpdates)
				.where(and(eq(boardUpdates.gatheringId, gatheringId), gt(boardUpdates.id, after)))
				.orderBy(asc(boardUpdates.id));
			return {
				snapshot: snapshot?.data ?? null,
				updates: rows.map((r) => r.data),
				lastId: rows.length ? rows[rows.length - 1].id : after
			};
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

export async function lastUpdateId(db: Db, gatheringId: string): Promise<number> {
	const [row] = await db.select({ id: max(boardUpdates.id) }).from(boardUpdates).where(eq(boardUpdates.gatheringId, gatheringId));
	return Number(row?.id ?? 0);
}

export type CommandRecord = { id: string; gatheringId: string; actorId: string; type: string; result: unknown };

export type LogEntry = {
	gatheringId: string;
	update: Uint8Array | null;
	command: CommandRecord | null;
	/** Mirrors a phase change into the relational row, in the same transaction. */
	phase: Phase | null;
};

/** Writes a batch of entries in one transaction: all of them are durable, or none. */
export async function writeBatch(db: Db, entries: LogEntry[]): Promise<void> {
	const updates = entries.filter((e) => e.update).map((e) => ({ gatheringId: e.gatheringId, data: e.update! }));
	const commands = entries.filter((e) => e.command).map((e) => e.command!);
	const phases = entries.filter((e) => e.phase);
	await db.transaction(async (tx) => {
		if (updates.length) await tx.insert(boardUpdates).values(updates);
		// A resent command that raced its first copy past the in-memory check is dropped here.
		if (commands.length) await tx.insert(boardCommands).values(commands).onConflictDoNothing();
		for (const e of phases) {
			// Closing is final (the board refuses every command after it): the retention period starts now.
			const closing = e.phase === 'closed' ? { closedAt: new Date() } : {};
			await tx.update(gatherings).set({ phase: e.phase!, ...closing }).where(eq(gatherings.id, e.gatheringId));
		}
	});
}

export async function findCommand(db: Db, gatheringId: string, id: string): Promise<CommandRecord | null> {
	const [row] = await db
		.select()
		.from(boardCommands)
		.where(and(eq(boardCommands.gatheringId, gatheringId), eq(boardCommands.id, id)));
	return row ? { id: row.id, gatheringId: row.gatheringId, actorId: row.actorId, type: row.type, result: row.result } : null;
}

/** Every command id in a gathering's ledger. */
export async function commandIdsOf(db: Db, gatheringId: string): Promise<string[]> {
	const rows = await db.select({ id: boardCommands.id }).from(boardCommands).where(eq(boardCommands.gatheringId, gatheringId));
	return rows.map((r) => r.id);
}

export async function countUpdatesSinceSnapshot(db: Db, gatheringId: string): Promise<number> {
	const [snapshot] = await db.select({ upToId: boardSnapshots.upToId }).from(boardSnapshots).where(eq(boardSnapshots.gatheringId, gatheringId));
	const [row] = await db
		.select({ n: count() })
		.from(boardUpdates)
		.where(and(eq(boardUpdates.gatheringId, gatheringId), gt(boardUpdates.id, snapshot?.upToId ?? 0)));
	return row?.n ?? 0;
}

/**
 * Folds the log up to `upToId` into one snapshot: written and pruned in one transaction, so a
 * crash leaves either the old log or the new snapshot, never neither.
 */
export async function writeSnapshot(db: Db, gatheringId: string, state: Uint8Array, upToId: number): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.insert(boardSnapshots)
			.values({ gatheringId, data: state, upToId })
			.onConflictDoUpdate({ target: boardSnapshots.gatheringId, set: { data: state, upToId, updatedAt: new Date() } });
		await tx.delete(boardUpdates).where(and(eq(boardUpdates.gatheringId, gatheringId), lte(boardUpdates.id, upToId)));
	});
}
