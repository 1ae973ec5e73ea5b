/**
 * Sessions the Lucia way: the cookie holds a random token, the table holds its SHA-256 and
 * an expiry. Expiry slides: a session used in the second half of its life is extended to a
 * full period again, so an active facilitator is never logged out mid-gathering while an
 * abandoned session still dies.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users, participants, type User, type Participant } from '../db/schema';
import { generateToken, hashToken, looksLikeToken } from './tokens';
import type { GuestSessionCache } from './guest-cache';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Extend when less than this is left. */
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;

export type SessionOwner = { userId: string } | { participantId: string };

export type IssuedSession = { token: string; id: string; expiresAt: Date };

export async function createSession(
	db: Db,
	owner: SessionOwner,
	now: Date = new Date()
): Promise<IssuedSession> {
	const token = generateToken();
	const id = hashToken(token);
	const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
	await db.insert(sessions).values({
		id,
		userId: 'userId' in owner ? owner.userId : null,
		participantId: 'participantId' in owner ? owner.participantId : null,
		expiresAt
	});
	return { token, id, expiresAt };
}

export type ValidatedSession<T> = { owner: T; sessionId: string; expiresAt: Date; renewed: boolean };

/** The facilitator behind a session token, or null (unknown, expired or a guest session). */
export async function validateUserSession(
	db: Db,
	token: string | undefined,
	now: Date = new Date()
): Promise<ValidatedSession<User> | null> {
	if (!looksLikeToken(token)) return null;
	const id = hashToken(token);
	const [row] = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const expiresAt = await slide(db, row.session.id, row.session.expiresAt, now);
	if (!expiresAt) return null;
	return { owner: row.user, sessionId: id, expiresAt, renewed: expiresAt !== row.session.expiresAt };
}

/** The participant behind a guest session token, or null. */
export async function validateGuestSession(
	db: Db,
	guests: GuestSessionCache,
	token: string | undefined,
	now: Date = new Date()
): Promise<ValidatedSession<Participant> | null> {
	if (!looksLikeToken(token)) return null;
	const id = hashToken(token);
	// A remembered session is used until it is due for renewal; then the database decides again.
	const remembered = guests.recall(id);
	if (remembered && remembered.expiresAt.getTime() - now.getTime() >= SESSION_RENEW_WITHIN_MS) {
		return { owner: remembered.participant, sessionId: id, expiresAt: remembered.expiresAt, renewed: false };
	}
	const seenEpoch = guests.currentEpoch();
	const [row] = await db
		.select({ session: sessions, participant: participants })
		.from(sessions)
		.innerJoin(participants, eq(sessions.participantId, participants.id))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const expiresAt = await slide(db, row.session.id, row.session.expiresAt, now);
	if (!expiresAt) return null;
	guests.remember(id, { participant: row.participant, expiresAt }, seenEpoch);
	return {
		owner: row.participant,
		sessionId: id,
		expiresAt,
		renewed: expiresAt !== row.session.expiresAt
	};
}

/** Returns the (possibly extended) expiry, or null after deleting an expired session. */
async function slide(db: Db, id: string, expiresAt: Date, now: Date): Promise<Date | null> {
	if (now.getTime() >= expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	if (expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS) {
		const renewed = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: renewed }).where(eq(sessions.id, id));
		return renewed;
	}
	return expiresAt;
}

export async function invalidateSession(db: Db, guests: GuestSessionCache, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
	guests.forgetSession(sessionId);
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}
