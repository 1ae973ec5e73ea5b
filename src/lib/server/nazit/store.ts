/**
 * The after-session in the database: profiles with their consents, interests in topics,
 * follow-up requests and the connections they become. Changes are only possible while the
 * gathering is in its nazit phase; once it is closed, what was agreed stays as it is until
 * the retention period erases it.
 */
import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { followUps, gatherings, nazitInterests, nazitProfiles, participants, type FollowUp, type NazitProfile } from '../db/schema';
import { generateId } from '../auth/tokens';
import { checkEmail, checkLine, checkPhone, type NazitError } from '$lib/nazit/fields';

export type { NazitError };

export type ProfileInput = {
	initiative: string;
	offer: string;
	lookingFor: string;
	email: string;
	phone: string;
	shareLines: boolean;
	shareInitiative: boolean;
	shareEmail: boolean;
	sharePhone: boolean;
	nameInReport: boolean;
};

/** Mutations need the nazit phase; reading does not. */
export async function inNazit(db: Db, gatheringId: string): Promise<boolean> {
	const [row] = await db.select({ phase: gatherings.phase }).from(gatherings).where(eq(gatherings.id, gatheringId));
	return row?.phase === 'nazit';
}

async function isParticipant(db: Db, gatheringId: string, participantId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: participants.id })
		.from(participants)
		.where(and(eq(participants.id, participantId), eq(participants.gatheringId, gatheringId)));
	return !!row;
}

export async function findProfile(db: Db, participantId: string): Promise<NazitProfile | null> {
	const [row] = await db.select().from(nazitProfiles).where(eq(nazitProfiles.participantId, participantId));
	return row ?? null;
}

/** Checks every field first; a single bad field changes nothing and names the field. */
export async function saveProfile(
	db: Db,
	gatheringId: string,
	participantId: string,
	input: ProfileInput
): Promise<{ ok: true } | { ok: false; field: keyof ProfileInput | null; error: NazitError }> {
	if (!(await inNazit(db, gatheringId))) return { ok: false, field: null, error: 'not_nazit' };
	const values: Record<string, string | null> = {};
	for (const field of ['initiative', 'offer', 'lookingFor'] as const) {
		const checked = checkLine(input[field]);
		if (!checked.ok) return { ok: false, field, error: checked.error };
		values[field] = checked.value;
	}
	const email = checkEmail(input.email);
	if (!email.ok) return { ok: false, field: 'email', error: email.error };
	const phone = checkPhone(input.phone);
	if (!phone.ok) return { ok: false, field: 'phone', error: phone.error };
	const row = {
		initiative: values.initiative as string,
		offer: values.offer as string,
		lookingFor: values.lookingFor as string,
		email: email.value,
		phone: phone.value,
		shareLines: input.shareLines,
		shareInitiative: input.shareInitiative,
		shareEmail: input.shareEmail,
		sharePhone: input.sharePhone,
		nameInReport: input.nameInReport,
		updatedAt: new Date()
	};
	await db
		.insert(nazitProfiles)
		.values({ participantId, gatheringId, ...row })
		.onConflictDoUpdate({ target: nazitProfiles.participantId, set: row });
	return { ok: true };
}

export async function setInterest(db: Db, gatheringId: string, participantId: string, topicId: string, on: boolean): Promise<NazitError | null> {
	if (!(await inNazit(db, gatheringId))) return 'not_nazit';
	if (on) await db.insert(nazitInterests).values({ participantId, gatheringId, topicId }).onConflictDoNothing();
	else await db.delete(nazitInterests).where(and(eq(nazitInterests.participantId, participantId), eq(nazitInterests.topicId, topicId)));
	return null;
}

/** The request between two people, in either direction (there is at most one of each). */
async function between(db: Db, a: string, b: string): Promise<FollowUp[]> {
	return db
		.select()
		.from(followUps)
		.where(or(and(eq(followUps.fromId, a), eq(followUps.toId, b)), and(eq(followUps.fromId, b), eq(followUps.toId, a))));
}

/**
 * Asks to follow up. If the other person already asked this one, asking back is saying yes:
 * the connection exists. Asking someone who declined changes nothing (no pestering).
 */
export async function askFollowUp(
	db: Db,
	gatheringId: string,
	fromId: string,
	toId: string,
	topicId: string | null
): Promise<{ ok: true; status: 'pending' | 'accepted' | 'declined' } | { ok: false; error: NazitError }> {
	if (fromId === toId) return { ok: false, error: 'self' };
	if (!(await inNazit(db, gatheringId))) return { ok: false, error: 'not_nazit' };
	if (!(await isParticipant(db, gatheringId, toId))) return { ok: false, error: 'not_found' };
	const existing = await between(db, fromId, toId);
	const theirs = existing.find((r) => r.fromId === toId);
	// Their request still open, or one this person declined earlier and now asks for after all.
	if (theirs && theirs.status !== 'accepted') {
		await db.update(followUps).set({ status: 'accepted', answeredAt: new Date() }).where(eq(followUps.id, theirs.id));
		return { ok: true, status: 'accepted' };
	}
	const done = theirs ?? existing[0];
	if (done) return { ok: true, status: done.status as 'pending' | 'accepted' | 'declined' };
	await db.insert(followUps).values({ id: generateId(), gatheringId, fromId, toId, topicId }).onConflictDoNothing();
	return { ok: true, status: 'pending' };
}

/** Only the person asked can answer, and only a request still open. */
export async function answerFollowUp(db: Db, gatheringId: string, participantId: string, requestId: string, accept: boolean): Promise<NazitError | null> {
	if (!(await inNazit(db, gatheringId))) return 'not_nazit';
	const updated = await db
		.update(followUps)
		.set({ status: accept ? 'accepted' : 'declined', answeredAt: new Date() })
		.where(and(eq(followUps.id, requestId), eq(followUps.toId, participantId), eq(followUps.gatheringId, gatheringId), eq(followUps.status, 'pending')))
		.returning({ id: followUps.id });
	return updated.length ? null : 'not_found';
}

/** Withdraws a request or ends a connection: either side may, until the gathering closes. */
export async function withdrawFollowUp(db: Db, gatheringId: string, participantId: string, otherId: string): Promise<NazitError | null> {
	if (!(await inNazit(db, gatheringId))) return 'not_nazit';
	await db
		.delete(followUps)
		.where(
			and(
				eq(followUps.gatheringId, gatheringId),
				or(and(eq(followUps.fromId, participantId), eq(followUps.toId, otherId)), and(eq(followUps.fromId, otherId), eq(followUps.toId, participantId)))
			)
		);
	return null;
}

/** Everything of one gathering's after-session, for building views and exports. */
export async function loadNazit(db: Db, gatheringId: string) {
	const [people, profiles, interests, requests] = await Promise.all([
		db
			.select({ id: participants.id, name: participants.displayName, proxy: participants.proxy })
			.from(participants)
			.where(eq(participants.gatheringId, gatheringId))
			.orderBy(participants.createdAt),
		db.select().from(nazitProfiles).where(eq(nazitProfiles.gatheringId, gatheringId)),
		db.select().from(nazitInterests).where(eq(nazitInterests.gatheringId, gatheringId)),
		db.select().from(followUps).where(eq(followUps.gatheringId, gatheringId))
	]);
	return { people, profiles, interests, requests };
}

export type NazitData = Awaited<ReturnType<typeof loadNazit>>;
