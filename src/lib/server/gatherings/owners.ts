/**
 * Who runs a gathering, remembered: the command endpoint and every socket need it, and on the
 * embedded database each read costs the thread that serves the phones. One per runtime
 * (runtime.ts). Safe to keep for the life of the process, on any number of nodes: a
 * gathering's owner never changes and its row is never deleted (erasure removes the people
 * and keeps the row).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { gatherings } from '../db/schema';

export const MAX_REMEMBERED_OWNERS = 10_000;

export class GatheringOwners {
	private readonly ownerById = new Map<string, string>();

	constructor(private readonly db: Db) {}

	/** The owner's user id, or null for a gathering that does not exist (not remembered). */
	async ownerOf(gatheringId: string): Promise<string | null> {
		const known = this.ownerById.get(gatheringId);
		if (known) return known;
		const [row] = await this.db.select({ ownerId: gatherings.ownerId }).from(gatherings).where(eq(gatherings.id, gatheringId));
		if (!row) return null;
		if (this.ownerById.size >= MAX_REMEMBERED_OWNERS) this.ownerById.clear();
		this.ownerById.set(gatheringId, row.ownerId);
		return row.ownerId;
	}
}
