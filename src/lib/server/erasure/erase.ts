/**
 * Erasure. "Forget me" (a participant leaving) and the end of a gathering's retention period
 * remove personal data: names, after-session lines, contact details and follow-ups (the
 * participant rows and everything that cascades from them), and every name on the board and
 * in its durable history. What stays are counts: topics, dots and turns under ids that lead
 * to nobody. The retention job runs at start-up and then every hour, on any node; erasing
 * twice is harmless.
 *
 * A use case above the stores and the command service: it deletes rows, has the board forget
 * everyone, and clears this node's remembered guest sessions, all given to it by the caller.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { gatherings, participants } from '../db/schema';
import type { CommandService } from '../commands/execute';
import type { Logger } from '../ops/log';
import type { GuestSessionCache } from '../auth/guest-cache';

/** What erasing needs: the database, the board's writer of record and this node's guest sessions. */
export type ErasureDeps = { db: Db; commands: Pick<CommandService, 'forgetEveryone'>; guests: GuestSessionCache };

export const RETENTION_CHECK_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export async function eraseGathering(deps: ErasureDeps, gatheringId: string, now = new Date()): Promise<void> {
	const { db, commands, guests } = deps;
	await db.delete(participants).where(eq(participants.gatheringId, gatheringId));
	guests.forgetGathering(gatheringId);
	await commands.forgetEveryone(gatheringId);
	await db.update(gatherings).set({ erasedAt: now }).where(eq(gatherings.id, gatheringId));
}

/** Gatherings closed longer ago than their retention period and not yet erased. */
export async function eraseExpired(deps: ErasureDeps, now = new Date()): Promise<string[]> {
	const closed = await deps.db
		.select({ id: gatherings.id, closedAt: gatherings.closedAt, retentionDays: gatherings.retentionDays })
		.from(gatherings)
		.where(and(eq(gatherings.phase, 'closed'), isNotNull(gatherings.closedAt), isNull(gatherings.erasedAt)));
	const due = closed.filter((g) => g.closedAt!.getTime() + g.retentionDays * DAY_MS <= now.getTime()).map((g) => g.id);
	for (const id of due) await eraseGathering(deps, id, now);
	return due;
}

/** Runs the job now and every `everyMs`; returns a stop function. Failures are logged and retried next time. */
export function startRetention(deps: ErasureDeps, log: Logger, everyMs = RETENTION_CHECK_MS): () => void {
	const run = () =>
		eraseExpired(deps).then(
			(erased) => {
				if (erased.length) log.info(`Retention: erased personal data of ${erased.length} gathering(s).`);
			},
			(error) => log.error('Retention job failed; it runs again later', { error })
		);
	let running = run();
	const timer = setInterval(() => {
		running = running.then(run);
	}, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
