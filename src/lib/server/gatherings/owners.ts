/**
 * Who runs a gathering, remembered: the command endpoint and every socket need it, and on the
 * embedded database each read costs the thread that serves the phones. Safe to keep for the
 * life of the process, on any number of nodes: a gathering's owner never changes and its row
 * is never deleted (erasure removes the people and keeps the row).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { gatherings } from '../db/schema';

const MAX_ENTRIES = 10_000;
const ownerById = new Map<string, string>();

/** The owner's user id, or null for a gathering that does not exist (not remembered). */
export async function ownerOfGathering(db: Db, gatheringId: string): Promise<string | null> {
	const known = ownerById.get(gatheringId);
	if (known) return known;
	const [row] = await db.select({ ownerId: gatherings.ownerId }).from(gatherings).where(eq(gatherings.id, gatheringId));
	if (!row) return null;
	if (ownerById.size >= MAX_ENTRIES) ownerById.clear();
	ownerById.set(gatheringId, row.ownerId);
	return row.ownerId;
}
