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
import { countUpdatesSinceSnapshot, lastUpdateId, loadBoardLog, writeSnapshot } from '../board/store';
import type { UpdateWriter } from '../board/writer';
import { Room, type RoomHooks } from './room';
import type { Logger } from '../ops/log';

/** What the registry needs when several nodes share the boards (implemented in cluster/replicas.ts). */
export type RoomCluster = {
	hooks: RoomHooks;
	/** Before the log is read: start receiving the board's changes, so none committed meanwhile is missed. */
	attach(gatheringId: string): Promise<void>;
	/** The room is loaded up to `room.durableUpTo`: keep it in step from now on. */
	loaded(room: Room): void;
	detach(gatheringId: string): void;
	/** Compaction under the gathering's cluster-wide lock (it runs once, with a complete doc). */
	compact(room: Room, threshold: number): Promise<void>;
};

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
		private readonly options: { unloadDelayMs?: number; compactAfterUpdates?: number; cluster?: RoomCluster; log?: Logger } = {}
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
		// Compaction runs while the room is still the registered one, so every write to this
		// gathering meanwhile goes through this doc (see compactIfLong).
		try {
			await this.compactIfLong(room);
		} catch (error) {
			const message = `Compacting board ${gatheringId} failed; the log stays as it was`;
			if (this.options.log) this.options.log.error(message, { error });
			else console.error(message, error);
		}
		if (this.entries.get(gatheringId) !== entry) return;
		if (entry.holders > 0 || room.pending > 0) return this.scheduleUnload(gatheringId, entry);
		this.entries.delete(gatheringId);
		this.options.cluster?.detach(gatheringId);
		room.destroy();
	}

	/**
	 * Folds a long log into a snapshot. Order matters: the last committed id is read first and
	 * the doc encoded right after, without yielding; anything committed before that read is
	 * already in the doc (updates are applied before they are written), anything after it
	 * has a higher id and stays in the log. With several nodes, updates another node wrote
	 * must reach this doc first: the cluster compacts under the gathering's lock after
	 * reading the log (cluster/replicas.ts).
	 */
	private async compactIfLong(room: Room) {
		if (room.isFailed) return;
		const threshold = this.options.compactAfterUpdates ?? COMPACT_AFTER_UPDATES;
		if (this.options.cluster) return this.options.cluster.compact(room, threshold);
		if ((await countUpdatesSinceSnapshot(this.db, room.gatheringId)) <= threshold) return;
		await this.fold(room);
	}

	private async fold(room: Room) {
		const upToId = await lastUpdateId(this.db, room.gatheringId);
		const state = Y.encodeStateAsUpdate(room.doc);
		await writeSnapshot(this.db, room.gatheringId, state, upToId);
	}

	/**
	 * Folds the whole log into a snapshot now, whatever its length. Erasure depends on it:
	 * the doc (with garbage collection on) no longer holds a replaced or deleted value, but
	 * the logged updates that once carried it do, until they are folded away.
	 */
	async compactNow(gatheringId: string): Promise<void> {
		const room = await this.acquire(gatheringId);
		try {
			await this.writer.drain();
			if (room.isFailed) throw new Error(`board ${gatheringId} failed; not compacted`);
			// With several nodes, under the gathering's lock after catching up with the log (a
			// threshold below zero: always).
			if (this.options.cluster) await this.options.cluster.compact(room, -1);
			else await this.fold(room);
		} finally {
			this.release(room);
		}
	}

	private async load(gatheringId: string): Promise<Room> {
		const [gathering] = await this.db.select().from(gatherings).where(eq(gatherings.id, gatheringId));
		if (!gathering) throw new NotFoundError(gatheringId);
		const cluster = this.options.cluster;
		await cluster?.attach(gatheringId);
		let log;
		try {
			log = await loadBoardLog(this.db, gatheringId);
		} catch (error) {
			cluster?.detach(gatheringId);
			throw error;
		}
		const room = new Room(
			gatheringId,
			{ dotsPerParticipant: gathering.dotsPerParticipant, maxDotsPerTopic: gathering.maxDotsPerTopic },
			this.writer,
			(failed) => this.discard(failed),
			Date.now,
			cluster?.hooks ?? null
		);
		try {
			room.load(log.snapshot, log.updates);
		} catch (error) {
			// A board written by newer code is refused (board/migrations.ts): nothing of the room stays.
			room.destroy();
			cluster?.detach(gatheringId);
			throw error;
		}
		room.durableUpTo = log.lastId;
		cluster?.loaded(room);
		return room;
	}

	/** A failed room is dropped at once; the next use loads the durable state afresh. */
	private discard(room: Room) {
		const entry = this.entries.get(room.gatheringId);
		if (entry) {
			if (entry.timer) clearTimeout(entry.timer);
			this.entries.delete(room.gatheringId);
			this.options.cluster?.detach(room.gatheringId);
		}
		room.destroy();
	}

	/** Shutdown: closes presence, commits what is queued and destroys every room. */
	async close(): Promise<void> {
		for (const entry of this.entries.values()) {
			try {
				(await entry.room).endPresence();
			} catch {
				// A room that failed to load has no presence to close.
			}
		}
		await this.writer.drain();
		for (const [id, entry] of this.entries) {
			if (entry.timer) clearTimeout(entry.timer);
			this.entries.delete(id);
			this.options.cluster?.detach(id);
			try {
				(await entry.room).destroy();
			} catch {
				// A room that failed to load has nothing to destroy.
			}
		}
	}
}
