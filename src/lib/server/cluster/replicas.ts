/**
 * Keeps every board this node holds in step with the other nodes.
 *
 * Three ways in, one invariant. A room's `durableUpTo` says: every update of the gathering
 * with a log id up to here is in my doc (see board/durable-log.ts for why ids are in commit order
 * per gathering). Updates arrive
 *   1. from this node's own commits (the writer and serialised commands tell their place),
 *   2. over the bus, each naming its id and the gathering's id before it: when the previous
 *      id is one we have, we advance; when it is not (a lost or overtaken message) we wait a
 *      moment for the overtaken one and otherwise read the log,
 *   3. from the durable log: on a gap, every RESYNC_INTERVAL_MS (one query for all loaded
 *      boards), after the bus reconnects, before answering a phone's sync, and under the
 *      gathering's lock before a command or a compaction.
 * Yjs updates are idempotent and commute, so applying one twice or late is harmless; only
 * missing one would be wrong, and (3) bounds how long that can last.
 */
import * as Y from 'yjs';
import type { Db } from '../db/client';
import type { Room, RoomHooks } from '../realtime/room';
import type { RoomCluster } from '../realtime/registry';
import { countUpdatesSinceSnapshot, writeSnapshot } from '../board/store';
import type { Logger } from '../ops/log';
import type { Metrics } from '../ops/metrics';
import type { Bus, BusMessage } from './bus';
import { lastIds, lockGathering, readLogSince, type Durable, type LogSince } from '../board/durable-log';

/** How often every loaded board is compared with the durable log. */
export const RESYNC_INTERVAL_MS = 2_000;
/** A message that overtook another gets this long for the other to arrive before the log is read. */
export const GAP_GRACE_MS = 100;
/** Loading a board waits at most this long for its subscription (Redis may be away; the log covers it). */
export const SUBSCRIBE_WAIT_MS = 1_000;

/** Per loaded board: where it stands and what is in flight. */
type Track = {
	room: Room;
	/** Updates received out of order: previous id → id, chained once the previous one is in. */
	ahead: Map<number, number>;
	highestSeen: number;
	gapTimer: ReturnType<typeof setTimeout> | null;
	running: Promise<void> | null;
	next: Promise<void> | null;
};

export type ReplicaReason = 'gap' | 'periodic' | 'reconnect' | 'connect' | 'command' | 'compaction';

export type PresenceKeeper = {
	changed(room: Room, participantId: string, connected: boolean): void;
	loaded(room: Room): void;
	unloaded(gatheringId: string): void;
};

export type ReplicasOptions = {
	db: Db;
	bus: Bus;
	node: string;
	metrics: Metrics;
	log: Logger;
	presence?: PresenceKeeper;
	/** Closes a person's sockets on this node (RealtimeServer.disconnectPerson without fan-out). */
	disconnectLocal: (gatheringId: string, actorId: string) => void;
	resyncIntervalMs?: number;
};

export class Replicas implements RoomCluster {
	readonly hooks: RoomHooks;
	private readonly tracks = new Map<string, Track>();
	/** Messages for boards being loaded, delivered once the room exists. */
	private readonly attaching = new Map<string, BusMessage[]>();
	/** Per board: the tail of this node's serialised commits, so a sync answer can wait for them. */
	private readonly commitTails = new Map<string, Promise<void>>();
	private readonly timer: ReturnType<typeof setInterval>;

	constructor(private readonly options: ReplicasOptions) {
		options.bus.onMessage((m) => this.receive(m));
		options.bus.onReconnect(() => void this.resyncAll('reconnect'));
		this.timer = setInterval(() => void this.resyncAll('periodic'), options.resyncIntervalMs ?? RESYNC_INTERVAL_MS);
		this.timer.unref();
		this.hooks = {
			committed: (room, update, durable) => this.committed(room, update, durable),
			localAwareness: (room, update) => this.publish({ kind: 'awareness', node: options.node, gatheringId: room.gatheringId, sentAt: Date.now(), update }),
			presenceChanged: (room, participantId, connected) => options.presence?.changed(room, participantId, connected),
			catchUp: async (room) => {
				await this.commitTails.get(room.gatheringId);
				const track = this.tracks.get(room.gatheringId);
				if (track?.room === room) await this.catchUp(track, 'connect');
			}
		};
	}

	get loadedCount(): number {
		return this.tracks.size;
	}

	async attach(gatheringId: string): Promise<void> {
		this.attaching.set(gatheringId, []);
		let timer: ReturnType<typeof setTimeout> | undefined;
		const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)));
		await Promise.race([this.options.bus.subscribe(gatheringId).catch((error) => this.options.log.warn('Subscribing to a board failed', { gatheringId, error })), waited]);
		clearTimeout(timer);
	}

	loaded(room: Room): void {
		const buffered = this.attaching.get(room.gatheringId) ?? [];
		this.attaching.delete(room.gatheringId);
		this.tracks.set(room.gatheringId, { room, ahead: new Map(), highestSeen: room.durableUpTo, gapTimer: null, running: null, next: null });
		for (const m of buffered) this.receive(m);
		this.options.presence?.loaded(room);
	}

	detach(gatheringId: string): void {
		const track = this.tracks.get(gatheringId);
		if (track?.gapTimer) clearTimeout(track.gapTimer);
		this.tracks.delete(gatheringId);
		this.attaching.delete(gatheringId);
		this.options.bus.unsubscribe(gatheringId);
		this.options.presence?.unloaded(gatheringId);
	}

	/** The local tail of serialised commits of one board (see commits.ts). */
	setCommitTail(gatheringId: string, tail: Promise<void> | null): void {
		if (tail) this.commitTails.set(gatheringId, tail);
		else this.commitTails.delete(gatheringId);
	}

	private receive(m: BusMessage): void {
		const track = this.tracks.get(m.gatheringId);
		if (!track) {
			this.attaching.get(m.gatheringId)?.push(m);
			return;
		}
		const { metrics } = this.options;
		metrics.busReceived.inc({ kind: m.kind });
		metrics.busReceiveSeconds.observe((Date.now() - m.sentAt) / 1000);
		if (m.kind === 'awareness') return track.room.applyRemoteAwareness(m.update);
		if (m.kind === 'disconnect') return this.options.disconnectLocal(m.gatheringId, m.actorId);
		track.room.applyRemote([m.update]);
		this.advance(track, m.prevId, m.id);
	}

	private advance(track: Track, prevId: number, id: number): void {
		const room = track.room;
		track.highestSeen = Math.max(track.highestSeen, id);
		if (prevId > room.durableUpTo) {
			track.ahead.set(prevId, id);
			track.gapTimer ??= setTimeout(() => {
				track.gapTimer = null;
				if (room.durableUpTo < track.highestSeen) void this.catchUp(track, 'gap').catch(() => {});
			}, GAP_GRACE_MS);
			return;
		}
		room.durableUpTo = Math.max(room.durableUpTo, id);
		this.chain(track);
	}

	private chain(track: Track): void {
		const room = track.room;
		for (let next = track.ahead.get(room.durableUpTo); next !== undefined; next = track.ahead.get(room.durableUpTo)) {
			track.ahead.delete(room.durableUpTo);
			room.durableUpTo = next;
		}
		for (const prev of track.ahead.keys()) if (prev < room.durableUpTo) track.ahead.delete(prev);
	}

	/**
	 * Applies what the log holds beyond the room's position. Called with a fresh read of the
	 * log (see `readLogSince` for the isolation it needs).
	 */
	applyLog(room: Room, log: LogSince, reason: ReplicaReason): void {
		const track = this.tracks.get(room.gatheringId);
		const missed = log.lastId > room.durableUpTo;
		const updates = [...(log.snapshot ? [log.snapshot.data] : []), ...log.updates.filter((u) => u.id > room.durableUpTo).map((u) => u.data)];
		room.applyRemote(updates);
		room.durableUpTo = Math.max(room.durableUpTo, log.lastId);
		if (track?.room === room) this.chain(track);
		if (missed && updates.length) {
			this.options.metrics.resyncs.inc({ reason });
			if (reason !== 'command' && reason !== 'connect') this.options.log.info('Board re-synced from the database', { gatheringId: room.gatheringId, reason, upTo: room.durableUpTo });
		}
	}

	/**
	 * Reads the log once, after every call made so far: callers waiting for "everything
	 * durable now" share a read that starts after they asked, never one already under way.
	 */
	private catchUp(track: Track, reason: ReplicaReason): Promise<void> {
		if (track.next) return track.next;
		const prior = track.running ?? Promise.resolve();
		const next: Promise<void> = prior
			.catch(() => {})
			.then(() => {
				track.next = null;
				track.running = next;
				return this.readAndApply(track, reason);
			})
			.finally(() => {
				if (track.running === next) track.running = null;
			});
		track.next = next;
		return next;
	}

	private async readAndApply(track: Track, reason: ReplicaReason): Promise<void> {
		const { db, metrics } = this.options;
		const room = track.room;
		if (room.isDestroyed || this.tracks.get(room.gatheringId) !== track) return;
		metrics.resyncChecks.inc({ reason });
		const log = await db.transaction((tx) => readLogSince(tx, room.gatheringId, room.durableUpTo), { isolationLevel: 'repeatable read', accessMode: 'read only' });
		if (!room.isDestroyed) this.applyLog(room, log, reason);
	}

	/** Compares every loaded board with the log in one query and catches up the ones behind. */
	async resyncAll(reason: ReplicaReason): Promise<void> {
		const ids = [...this.tracks.keys()];
		if (!ids.length) return;
		let last: Map<string, number>;
		try {
			last = await lastIds(this.options.db, ids);
		} catch (error) {
			this.options.log.warn('Comparing boards with the database failed', { error });
			return;
		}
		await Promise.all(
			ids.map((id) => {
				const track = this.tracks.get(id);
				if (!track || (last.get(id) ?? 0) <= track.room.durableUpTo) return;
				return this.catchUp(track, reason).catch((error) => this.options.log.warn('Re-sync of a board failed', { gatheringId: id, error }));
			})
		);
	}

	private committed(room: Room, update: Uint8Array, durable: Durable | null): void {
		const track = this.tracks.get(room.gatheringId);
		if (!durable) return;
		if (track?.room === room) this.advance(track, durable.prevId, durable.id);
		this.publish({ kind: 'update', node: this.options.node, gatheringId: room.gatheringId, sentAt: Date.now(), prevId: durable.prevId, id: durable.id, update });
	}

	/**
	 * A person's rights changed (removed, left, appointed or relieved as note-taker): their
	 * sockets on other nodes must go too, or a relieved note-taker would keep a write
	 * connection there. Only nodes holding the board hold such sockets, and those listen.
	 */
	disconnectEverywhere(gatheringId: string, actorId: string): void {
		this.publish({ kind: 'disconnect', node: this.options.node, gatheringId, sentAt: Date.now(), actorId });
	}

	private publish(message: BusMessage): void {
		const { metrics, bus } = this.options;
		const started = performance.now();
		bus.publish(message).then(
			() => {
				metrics.busPublished.inc({ kind: message.kind });
				metrics.busPublishSeconds.observe((performance.now() - started) / 1000);
			},
			() => metrics.busPublishErrors.inc({ kind: message.kind })
		);
	}

	/**
	 * Folds the log into a snapshot once per cluster: under the gathering's lock nobody else
	 * writes it, the count is taken again (another node may just have compacted), and the doc
	 * is brought up to the log's end before it is encoded, so the snapshot drops nothing.
	 */
	async compact(room: Room, threshold: number): Promise<void> {
		await this.options.db.transaction(async (tx) => {
			await lockGathering(tx, room.gatheringId);
			if ((await countUpdatesSinceSnapshot(tx, room.gatheringId)) <= threshold) return;
			this.applyLog(room, await readLogSince(tx, room.gatheringId, room.durableUpTo), 'compaction');
			await writeSnapshot(tx, room.gatheringId, Y.encodeStateAsUpdate(room.doc), room.durableUpTo);
		});
	}

	close(): void {
		clearInterval(this.timer);
		for (const track of this.tracks.values()) if (track.gapTimer) clearTimeout(track.gapTimer);
	}
}
