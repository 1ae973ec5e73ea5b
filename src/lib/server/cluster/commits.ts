/**
 * Commands when several nodes serve one gathering.
 *
 * Rules such as "at most one live turn" and "one topic on the table" are checked against the
 * doc a command is applied to. On one node that doc is the truth. With several, each node's
 * doc may lag the others by a bus message, so two nodes could each end the live turn they
 * know of and start their own: both updates merge and two turns are live. So a command runs
 * inside a transaction holding the gathering's advisory lock: nobody else writes the
 * gathering meanwhile, the node first applies everything committed before it (read under the
 * lock, hence complete), then applies the command, writes update and ledger entry, commits,
 * and only then shows and publishes the change. The order of commands is the order in which
 * they took the lock; every node's doc reaches the same state in that order.
 *
 * The ledger is read under the lock as well: a command resent to a second node while the
 * first still works on it waits for the lock and then finds the first one's answer.
 *
 * Commands of one node for one gathering queue locally first, so they do not each hold a
 * database connection while waiting for the same lock.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { boardCommands, boardUpdates, gatherings } from '../db/schema';
import { findCommand, type CommandRecord } from '../board/store';
import type { Room } from '../realtime/room';
import type { Phase } from '$lib/board/types';
import { lockGathering, readLogSince, type Durable } from '../board/durable-log';
import type { Replicas } from './replicas';

export type Applied<R> = { result: R; update: Uint8Array | null; record: CommandRecord; phase: Phase | null };
export type CommitOutcome<R> = { replay: CommandRecord } | { applied: Applied<R> };

export class SerialisedCommits {
	private readonly tails = new Map<string, Promise<void>>();

	constructor(
		private readonly db: Db,
		private readonly replicas: Replicas
	) {}

	run<R>(room: Room, commandId: string, apply: () => Applied<R>): Promise<CommitOutcome<R>> {
		const id = room.gatheringId;
		const previous = this.tails.get(id) ?? Promise.resolve();
		const work = previous.then(() => this.commit(room, commandId, apply));
		const tail = work.then(
			() => {},
			() => {}
		);
		this.tails.set(id, tail);
		this.replicas.setCommitTail(id, tail);
		void tail.then(() => {
			if (this.tails.get(id) !== tail) return;
			this.tails.delete(id);
			this.replicas.setCommitTail(id, null);
		});
		return work;
	}

	private async commit<R>(room: Room, commandId: string, apply: () => Applied<R>): Promise<CommitOutcome<R>> {
		let applied: Applied<R> | null = null;
		room.pending++;
		try {
			const done = await this.db.transaction(async (tx) => {
				await lockGathering(tx, room.gatheringId);
				const earlier = await findCommand(tx, room.gatheringId, commandId);
				if (earlier) return { replay: earlier };
				this.replicas.applyLog(room, await readLogSince(tx, room.gatheringId, room.durableUpTo), 'command');
				if (room.isFailed || room.isDestroyed) throw new Error('board was unloaded during a command');
				applied = apply();
				let durable: Durable | null = null;
				if (applied.update) {
					const [row] = await tx.insert(boardUpdates).values({ gatheringId: room.gatheringId, data: applied.update }).returning({ id: boardUpdates.id });
					// Under the lock the log ends at durableUpTo (just read), so that is the previous id.
					durable = { prevId: room.durableUpTo, id: row.id };
				}
				await tx.insert(boardCommands).values(applied.record);
				if (applied.phase) await tx.update(gatherings).set({ phase: applied.phase }).where(eq(gatherings.id, room.gatheringId));
				return { applied, durable };
			});
			if ('replay' in done) return done;
			if (done.applied.update) room.announce(done.applied.update, done.durable);
			return { applied: done.applied };
		} catch (error) {
			// Applied in memory but not committed: the doc is ahead of the log; reload it.
			if (applied) room.fail();
			throw error;
		} finally {
			room.pending--;
		}
	}
}
