/**
 * Valid guest sessions remembered in memory, so a phone's command or reconnect does not read
 * its session from the database every time (on the embedded database a read costs about a
 * millisecond of the one thread that also serves every phone).
 *
 * Correctness rests on one invariant: every change that can end or alter a remembered
 * session passes through this process and calls `forget…` here — removing, renaming or
 * appointing a participant, erasing a gathering, ending a session. That holds when one node
 * owns the database (the embedded database is locked to one process; one node on
 * PostgreSQL). With several nodes another node may remove a participant, so the cluster
 * switches the cache off (`setEnabled(false)`) rather than trust a message that may be lost.
 *
 * Race: a read that started before a `forget…` may finish after it and remember what was just
 * forgotten. Every forget advances `epoch`; a read remembers its result only when the epoch
 * it saw before reading is still current.
 */
import type { Participant } from '../db/schema';

type Remembered = { participant: Participant; expiresAt: Date };

/** Enough for a town-hall evening several times over; beyond it the cache starts afresh. */
const MAX_ENTRIES = 20_000;

let enabled = true;
let epoch = 0;
const bySession = new Map<string, Remembered>();

export function setGuestCacheEnabled(on: boolean): void {
	enabled = on;
	forgetAllGuestSessions();
}

/** The epoch to hand back to `rememberGuestSession` after a database read. */
export function guestCacheEpoch(): number {
	return epoch;
}

export function recallGuestSession(sessionId: string): Remembered | null {
	return enabled ? (bySession.get(sessionId) ?? null) : null;
}

export function rememberGuestSession(sessionId: string, remembered: Remembered, seenEpoch: number): void {
	if (!enabled || seenEpoch !== epoch) return;
	if (bySession.size >= MAX_ENTRIES) bySession.clear();
	bySession.set(sessionId, remembered);
}

export function forgetGuestSession(sessionId: string): void {
	epoch++;
	bySession.delete(sessionId);
}

/** Someone in the gathering was removed, renamed or given another role, or it was erased. */
export function forgetGatheringGuests(gatheringId: string): void {
	epoch++;
	for (const [id, r] of bySession) if (r.participant.gatheringId === gatheringId) bySession.delete(id);
}

export function forgetAllGuestSessions(): void {
	epoch++;
	bySession.clear();
}
