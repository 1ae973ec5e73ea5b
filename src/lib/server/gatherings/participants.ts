/**
 * Participants: people in one gathering, known only by the display name they chose.
 * Names are unique within a gathering ignoring case; the database's unique index is the
 * arbiter, so two phones choosing "Anna" at the same moment cannot both get it.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { participants, type Participant } from '../db/schema';
import { generateId } from '../auth/tokens';
import { forgetGatheringGuests } from '../auth/guest-cache';
import { checkDisplayName, type DisplayNameError } from '$lib/validation/display-name';

export type NameError = DisplayNameError | 'name_taken';

export async function addParticipant(
	db: Db,
	gatheringId: string,
	rawName: unknown,
	options: { id?: string; proxy?: boolean } = {}
): Promise<{ ok: true; participant: Participant } | { ok: false; error: NameError }> {
	const checked = checkDisplayName(rawName);
	if (!checked.ok) return checked;
	try {
		const [participant] = await db
			.insert(participants)
			.values({ id: options.id ?? generateId(), gatheringId, displayName: checked.name, nameKey: checked.key, proxy: options.proxy ?? false })
			.returning();
		return { ok: true, participant };
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, error: 'name_taken' };
		throw error;
	}
}

export async function renameParticipant(
	db: Db,
	gatheringId: string,
	participantId: string,
	rawName: unknown
): Promise<{ ok: true; name: string } | { ok: false; error: NameError | 'not_found' }> {
	const checked = checkDisplayName(rawName);
	if (!checked.ok) return checked;
	try {
		const updated = await db
			.update(participants)
			.set({ displayName: checked.name, nameKey: checked.key })
			.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)))
			.returning({ id: participants.id });
		forgetGatheringGuests(gatheringId);
		return updated.length ? { ok: true, name: checked.name } : { ok: false, error: 'not_found' };
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, error: 'name_taken' };
		throw error;
	}
}

/** Removes a participant; their guest sessions go with them (foreign key cascade). */
export async function removeParticipant(db: Db, gatheringId: string, participantId: string): Promise<boolean> {
	const removed = await db
		.delete(participants)
		.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)))
		.returning({ id: participants.id });
	forgetGatheringGuests(gatheringId);
	return removed.length > 0;
}

/** Appoints or relieves a note-taker. Returns false when the participant is not in this gathering. */
export async function setNoteTaker(db: Db, gatheringId: string, participantId: string, noteTaker: boolean): Promise<boolean> {
	const updated = await db
		.update(participants)
		.set({ noteTaker })
		.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)))
		.returning({ id: participants.id });
	forgetGatheringGuests(gatheringId);
	return updated.length > 0;
}

/** One participant of one gathering, or null. */
export async function findParticipant(db: Db, gatheringId: string, participantId: string): Promise<Participant | null> {
	const [row] = await db
		.select()
		.from(participants)
		.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)));
	return row ?? null;
}
