/**
 * The phone's side of a gathering: joining with a display name, coming back as the same
 * participant, leaving. A guest session is bound to one participant of one gathering, and
 * its cookie is named after that gathering, so it is never presented anywhere else.
 */
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/client';
import type { Gathering, Participant } from '../db/schema';
import { createSession, invalidateSession, validateGuestSession } from '../auth/sessions';
import type { GuestSessionCache } from '../auth/guest-cache';
import { clearSessionCookie, guestCookieName, setSessionCookie } from '../auth/cookies';
import { addParticipant, removeParticipant, type NameError } from './participants';

export type Guest = { participant: Participant; sessionId: string };

/** The participant this browser is in `gathering`, or null. Renews the cookie when the session slid. */
export async function currentGuest(db: Db, guests: GuestSessionCache, cookies: Cookies, gathering: Pick<Gathering, 'id'>, secure: boolean): Promise<Guest | null> {
	const name = guestCookieName(gathering.id);
	const token = cookies.get(name);
	if (!token) return null;
	const valid = await validateGuestSession(db, guests, token);
	// A session for a participant of another gathering is treated as no session at all.
	if (!valid || valid.owner.gatheringId !== gathering.id) {
		clearSessionCookie(cookies, name, secure);
		return null;
	}
	if (valid.renewed) setSessionCookie(cookies, name, token, valid.expiresAt, secure);
	return { participant: valid.owner, sessionId: valid.sessionId };
}

export async function joinAsGuest(
	db: Db,
	cookies: Cookies,
	gathering: Gathering,
	rawName: unknown,
	secure: boolean
): Promise<{ ok: true; participant: Participant } | { ok: false; error: NameError }> {
	const added = await addParticipant(db, gathering.id, rawName);
	if (!added.ok) return added;
	const session = await createSession(db, { participantId: added.participant.id });
	setSessionCookie(cookies, guestCookieName(gathering.id), session.token, session.expiresAt, secure);
	return added;
}

/** The participant erases themselves: their row and sessions go (cascade), the cookie is cleared. */
export async function leaveAsGuest(db: Db, guests: GuestSessionCache, cookies: Cookies, gathering: Gathering, guest: Guest, secure: boolean) {
	await removeParticipant(db, guests, gathering.id, guest.participant.id);
	await invalidateSession(db, guests, guest.sessionId);
	clearSessionCookie(cookies, guestCookieName(gathering.id), secure);
}
