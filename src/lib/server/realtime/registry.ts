/**
 * One Room per gathering while it is in use. A room is loaded on first use (snapshot plus
 * later updates), shared by every connection and command, and unloaded — doc, awareness
 * timer and listeners destroyed — once nobody holds it and its writes are committed.
 * Concurrent first uses share one load.
 */
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { gatherings } from '../db/schema';
import { countUpdatesSinceSnapshot, loadBoardLog, writeSnapshot } from '../board/store';
import type { UpdateWriter } from '../board/writer';
import { Room } from './room';

/** Rooms linger this long after their last user, so a reconnecting phone does not reload. */
export const UNLOAD_DELAY_MS = 5_000;
/** More updates than this since the snapshot, and the log is folded into a new snapshot on unload. */
export const COMPACT_AFTER_UPDATES = 500;

type Entry = { room: Promise<Room>; holders: number; timer: ReturnType<typeof setTimeout> | null };

export class NotFoundError extends Error {}

export class RoomRegistry {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly db: Db,
		private readonly writer: UpdateWriter,
		private readonly options: { unloadDelayMs?: number } = {}
	) {}

	/** Loaded rooms, for tests and metrics. */
	get size(): number {
		return this.entries.size;
	}

	has(gatheringId: string): boolean {
		return this.entries.has(gatheringId);
	}

	async acquire(gatheringId: string): Promise<Room> {
		let entry = this.entries.get(gatheringId);
		if (!entry) {
			entry = { room: this.load(gatheringId), holders: 0, timer: null };
			this.entries.set(gatheringId, entry);
			entry.room.catch(() => {
				if (this.entries.get(gatheringId) === entry) this.entries.delete(gatheringId);
			});
		}
		entry.holders++;
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = null;
		try {
			return await entry.room;
		} catch (error) {
			entry.holders--;
			throw error;
		}
	}

	release(room: Room): void {
		const entry = this.entries.get(room.gatheringId);
		if (!entry) return;
		entry.holders = Math.max(0, entry.holders - 1);
		if (entry.holders === 0) this.scheduleUnload(room.gatheringId, entry);
	}

	private scheduleUnload(gatheringId: string, entry: Entry) {
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = setTimeout(() => void this.unload(gatheringId, entry), this.options.unloadDelayMs ?? UNLOAD_DELAY_MS);
	}

	private async unload(gatheringId: string, entry: Entry) {
		entry.timer = null;
		if (this.entries.get(gatheringId) !== entry || entry.holders > 0) return;
		const room = await entry.room;
		await this.writer.drain();
		if (entry.holders > 0 || room.pending > 0) return this.scheduleUnload(gatheringId, entry);
		this.entries.delete(gatheringId);
		try {
			await this.compactIfLong(room);
		} finally {
			room.destroy();
		}
	}

	private async compactIfLong(room: Room) {
		if (room.isFailed) return;
		if ((await countUpdatesSinceSnapshot(this.db, room.gatheringId)) <= COMPACT_AFTER_UPDATES) return;
		// Every write of this room is committed (checked by the caller), so the doc equals the log.
		const { lastId } = await loadBoardLog(this.db, room.gatheringId);
		await writeSnapshot(this.db, room.gatheringId, Y.encodeStateAsUpdate(room.doc), lastId);
	}

	private async load(gatheringId: string): Promise<Room> {
		const [gathering] = await this.db.select().from(gatherings).where(eq(gatherings.id, gatheringId));
		if (!gathering) throw new NotFoundError(gatheringId);
		const log = await loadBoardLog(this.db, gatheringId);
		const room = new Room(
			gatheringId,
			{ dotsPerParticipant: gathering.dotsPerParticipant, maxDotsPerTopic: gathering.maxDotsPerTopic },
			this.writer,
			(failed) => this.discard(failed)
		);
		room.load(log.snapshot, log.updates);
		return room;
	}

	/** A failed room is dropped at once; the next use loads the durable state afresh. */
	private discard(room: Room) {
		const entry = this.entries.get(room.gatheringId);
		if (entry) {
			if (entry.timer) clearTimeout(entry.timer);
			this.entries.delete(room.gatheringId);
		}
		room.destroy();
	}

	/** Shutdown: commits what is queued and destroys every room. */
	async close(): Promise<void> {
		await this.writer.drain();
		for (const [id, entry] of this.entries) {
			if (entry.timer) clearTimeout(entry.timer);
			this.entries.delete(id);
			try {
				(await entry.room).destroy();
			} catch {
				// A room that failed to load has nothing to destroy.
			}
		}
	}
}
