import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { gatherings, participants, type Gathering } from '../db/schema';
import { generateId } from '../auth/tokens';
import type { GatheringInput } from '$lib/validation/gathering';
import { generateJoinCode } from './join-code';

/** A collision among 887 million codes is rare; a few retries make it practically impossible to fail. */
const JOIN_CODE_ATTEMPTS = 8;

export async function createGathering(db: Db, ownerId: string, input: GatheringInput): Promise<Gathering> {
	for (let attempt = 1; ; attempt++) {
		try {
			const [row] = await db
				.insert(gatherings)
				.values({ id: generateId(), ownerId, joinCode: generateJoinCode(), ...input })
				.returning();
			return row;
		} catch (error) {
			if (!isUniqueViolation(error) || attempt >= JOIN_CODE_ATTEMPTS) throw error;
		}
	}
}

export async function listGatheringsOf(db: Db, ownerId: string): Promise<Gathering[]> {
	return db.select().from(gatherings).where(eq(gatherings.ownerId, ownerId)).orderBy(desc(gatherings.createdAt));
}

export async function findGatheringByCode(db: Db, joinCode: string): Promise<Gathering | null> {
	const [row] = await db.select().from(gatherings).where(eq(gatherings.joinCode, joinCode));
	return row ?? null;
}

/** The gathering, only when `ownerId` runs it. */
export async function findOwnGathering(db: Db, id: string, ownerId: string): Promise<Gathering | null> {
	const [row] = await db
		.select()
		.from(gatherings)
		.where(and(eq(gatherings.id, id), eq(gatherings.ownerId, ownerId)));
	return row ?? null;
}

export async function listParticipants(db: Db, gatheringId: string) {
	return db
		.select({
			id: participants.id,
			displayName: participants.displayName,
			noteTaker: participants.noteTaker,
			proxy: participants.proxy,
			createdAt: participants.createdAt
		})
		.from(participants)
		.where(eq(participants.gatheringId, gatheringId))
		.orderBy(asc(participants.createdAt));
}

export async function countParticipantsByGathering(db: Db, gatheringIds: string[]): Promise<Map<string, number>> {
	if (gatheringIds.length === 0) return new Map();
	const rows = await db
		.select({ gatheringId: participants.gatheringId, n: count() })
		.from(participants)
		.where(inArray(participants.gatheringId, gatheringIds))
		.groupBy(participants.gatheringId);
	return new Map(rows.map((r) => [r.gatheringId, r.n]));
}

export async function findGatheringById(db: Db, id: string): Promise<Gathering | null> {
	const [row] = await db.select().from(gatherings).where(eq(gatherings.id, id));
	return row ?? null;
}
