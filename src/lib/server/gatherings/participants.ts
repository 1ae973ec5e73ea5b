/**
 * Participants: people in one gathering, known only by the display name they chose.
 * Names are unique within a gathering ignoring case, and so are their look-alike keys
 * (`name-skeleton.ts`): "Аlice" with a Cyrillic А cannot join next to "Alice". The database's
 * unique indexes are the arbiter, so two phones choosing "Anna" and "Аnna" at the same moment
 * cannot both get them.
 */
import { and, asc, eq, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { participants, type Participant } from '../db/schema';
import { generateId } from '../auth/tokens';
import type { GuestSessionCache } from '../auth/guest-cache';
import { checkDisplayName, type DisplayNameError } from '$lib/validation/display-name';
import { nameSkeletons } from './name-skeleton';

/** `name_taken`: the same name ignoring case; `name_lookalike`: another name that looks the same. */
export type NameError = DisplayNameError | 'name_taken' | 'name_lookalike';

/** The columns a display name is stored in. */
function nameColumns(name: string, key: string) {
	const { shown, folded } = nameSkeletons(name);
	return { displayName: name, nameKey: key, nameSkeleton: shown, nameSkeletonFolded: folded };
}

/**
 * Which kind of clash a unique violation on the name was. Asked after the fact, so a name
 * that left in between is called a look-alike: the person is told to pick another name either way.
 */
async function clashOf(db: Db, gatheringId: string, key: string, except?: string): Promise<'name_taken' | 'name_lookalike'> {
	const same = await db
		.select({ id: participants.id })
		.from(participants)
		.where(and(eq(participants.gatheringId, gatheringId), eq(participants.nameKey, key), except ? ne(participants.id, except) : undefined))
		.limit(1);
	return same.length ? 'name_taken' : 'name_lookalike';
}

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
			.values({ id: options.id ?? generateId(), gatheringId, ...nameColumns(checked.name, checked.key), proxy: options.proxy ?? false })
			.returning();
		return { ok: true, participant };
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, error: await clashOf(db, gatheringId, checked.key) };
		throw error;
	}
}

export async function renameParticipant(
	db: Db,
	guests: GuestSessionCache,
	gatheringId: string,
	participantId: string,
	rawName: unknown
): Promise<{ ok: true; name: string } | { ok: false; error: NameError | 'not_found' }> {
	const checked = checkDisplayName(rawName);
	if (!checked.ok) return checked;
	try {
		const updated = await db
			.update(participants)
			.set(nameColumns(checked.name, checked.key))
			.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)))
			.returning({ id: participants.id });
		guests.forgetGathering(gatheringId);
		return updated.length ? { ok: true, name: checked.name } : { ok: false, error: 'not_found' };
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, error: await clashOf(db, gatheringId, checked.key, participantId) };
		throw error;
	}
}

/**
 * Gives rows written before look-alike keys existed their keys, oldest first. When two such
 * names in one gathering already look alike, both stay, and the earlier one holds the key,
 * which is all a new name is checked against; the later one keeps null for that key, and is
 * tried again at the next start (it may have gone by then). Safe to run on several nodes at once.
 */
export async function fillNameSkeletons(db: Db): Promise<{ filled: number; clashes: number }> {
	const rows = await db
		.select({ id: participants.id, displayName: participants.displayName })
		.from(participants)
		.where(or(isNull(participants.nameSkeleton), isNull(participants.nameSkeletonFolded)))
		.orderBy(asc(participants.createdAt), asc(participants.id));
	let filled = 0;
	let clashes = 0;
	for (const row of rows) {
		const { shown, folded } = nameSkeletons(row.displayName);
		// One key at a time: a clash on one must not keep the other from being filled.
		for (const set of [{ nameSkeleton: shown }, { nameSkeletonFolded: folded }]) {
			try {
				await db.update(participants).set(set).where(eq(participants.id, row.id));
			} catch (error) {
				if (!isUniqueViolation(error)) throw error;
				clashes++;
			}
		}
		filled++;
	}
	return { filled, clashes };
}

/** Removes a participant; their guest sessions go with them (foreign key cascade). */
export async function removeParticipant(db: Db, guests: GuestSessionCache, gatheringId: string, participantId: string): Promise<boolean> {
	const removed = await db
		.delete(participants)
		.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)))
		.returning({ id: participants.id });
	guests.forgetGathering(gatheringId);
	return removed.length > 0;
}

/** Appoints or relieves a note-taker. Returns false when the participant is not in this gathering. */
export async function setNoteTaker(db: Db, guests: GuestSessionCache, gatheringId: string, participantId: string, noteTaker: boolean): Promise<boolean> {
	const updated = await db
		.update(participants)
		.set({ noteTaker })
		.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)))
		.returning({ id: participants.id });
	guests.forgetGathering(gatheringId);
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
