/**
 * Valid guest sessions remembered in memory, so a phone's command or reconnect does not read
 * its session from the database every time (on the embedded database a read costs about a
 * millisecond of the one thread that also serves every phone).
 *
 * One cache per runtime (runtime.ts creates it and passes it in). Every function that can end
 * or alter a remembered session — removing, renaming or appointing a participant, erasing a
 * gathering, ending a session — takes the cache as a required argument and forgets there, so
 * the compiler, not a convention, sees that none of them is called without it. That is enough
 * when one node owns the database (the embedded database is locked to one process; one node
 * on PostgreSQL). With several nodes another node may remove a participant, so the runtime
 * creates the cache switched off rather than trust a message that may be lost.
 *
 * Race: a read that started before a `forget…` may finish after it and remember what was just
 * forgotten. Every forget advances the epoch; a read remembers its result only when the epoch
 * it saw before reading is still current.
 */
import type { Participant } from '../db/schema';

export type RememberedGuest = { participant: Participant; expiresAt: Date };

/** Enough for a town-hall evening several times over; beyond it the cache starts afresh. */
export const MAX_REMEMBERED_GUESTS = 20_000;

export class GuestSessionCache {
	private epoch = 0;
	private readonly bySession = new Map<string, RememberedGuest>();
	private readonly enabled: boolean;

	constructor(options: { enabled: boolean }) {
		this.enabled = options.enabled;
	}

	/** The epoch to hand back to `remember` after a database read. */
	currentEpoch(): number {
		return this.epoch;
	}

	recall(sessionId: string): RememberedGuest | null {
		return this.enabled ? (this.bySession.get(sessionId) ?? null) : null;
	}

	remember(sessionId: string, remembered: RememberedGuest, seenEpoch: number): void {
		if (!this.enabled || seenEpoch !== this.epoch) return;
		if (this.bySession.size >= MAX_REMEMBERED_GUESTS) this.bySession.clear();
		this.bySession.set(sessionId, remembered);
	}

	forgetSession(sessionId: string): void {
		this.epoch++;
		this.bySession.delete(sessionId);
	}

	/** Someone in the gathering was removed, renamed or given another role, or it was erased. */
	forgetGathering(gatheringId: string): void {
		this.epoch++;
		for (const [id, r] of this.bySession) if (r.participant.gatheringId === gatheringId) this.bySession.delete(id);
	}
}
