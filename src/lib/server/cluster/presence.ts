/**
 * Presence intervals (the `connected` part of the voices metrics) when a participant's
 * sockets may sit on several nodes, and a node may die without closing anything.
 *
 * Each node writes, per board, one field per participant it holds into a Redis hash:
 * `participant|node` → the time it last confirmed the socket (renewed every sweep), or that
 * time followed by `!` once the participant's last socket on that node closed. A participant
 * is held while some field of theirs is fresh (younger than PRESENCE_STALE_MS) and not closed.
 *
 * Every sweep, each node holding a board reconciles the doc with the hash: an open interval
 * that nobody holds is closed at the last time anybody confirmed it (so a node that died
 * does not leave people present forever, and their interval ends near the crash, not when
 * somebody noticed), and a participant this node holds whose interval is closed is opened
 * again. Two nodes doing the same at once write the same thing; a close that raced a
 * reconnect elsewhere is undone by the next sweep, and because a gap shorter than the
 * presence gap reopens the same interval, the metrics do not see the flicker.
 *
 * When Redis does not answer nothing is closed: not knowing is not the same as gone.
 *
 * A hall reconnecting at once: a node's connects and disconnects are written to the hash
 * together, every FIELD_BATCH_MS, and a disconnect is reconciled only after the disconnect
 * grace (realtime/presence-batch.ts), once per board however many left — by then whoever came
 * back, on any node, holds a fresh field again and nothing is closed. One reconciliation per
 * disconnect read the whole hash each time: N² field reads for a hall of N.
 */
import type { RedisClientType } from 'redis';
import { board } from '$lib/board/doc';
import type { Room } from '../realtime/room';
import type { Logger } from '../ops/log';
import type { PresenceKeeper } from './replicas';
import { DISCONNECT_GRACE_MS } from '../realtime/presence-batch';

export const PRESENCE_SWEEP_MS = 5_000;
/** How long a node's presence changes gather before they are written to the hash together. */
export const FIELD_BATCH_MS = 100;
/** A confirmation older than this counts for nothing: its node stopped renewing it. */
export const PRESENCE_STALE_MS = 20_000;
/** A board's hash outlives its last write by a day at most. */
const KEY_TTL_S = 24 * 60 * 60;

export class ClusterPresence implements PresenceKeeper {
	private readonly rooms = new Map<string, Room>();
	private readonly timer: ReturnType<typeof setInterval>;
	/** Fields waiting to be written, per board. */
	private readonly fields = new Map<string, { room: Room; values: Record<string, string> }>();
	private fieldTimer: ReturnType<typeof setTimeout> | null = null;
	/** Boards whose disconnects wait for their grace before being reconciled. */
	private readonly toSettle = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(
		private readonly redis: RedisClientType,
		private readonly prefix: string,
		private readonly node: string,
		private readonly log: Logger,
		sweepMs = PRESENCE_SWEEP_MS
	) {
		this.timer = setInterval(() => {
			for (const room of this.rooms.values()) void this.sweep(room);
		}, sweepMs);
		this.timer.unref();
	}

	private key(gatheringId: string) {
		return `${this.prefix}presence:${gatheringId}`;
	}

	changed(room: Room, participantId: string, connected: boolean): void {
		const value = connected ? String(Date.now()) : `${Date.now()}!`;
		const waiting = this.fields.get(room.gatheringId) ?? { room, values: {} };
		waiting.values[`${participantId}|${this.node}`] = value;
		this.fields.set(room.gatheringId, waiting);
		this.fieldTimer ??= setTimeout(() => this.writeFields(), FIELD_BATCH_MS);
		if (!connected && !this.toSettle.has(room.gatheringId)) {
			this.toSettle.set(
				room.gatheringId,
				setTimeout(() => {
					this.toSettle.delete(room.gatheringId);
					void this.settle(room).catch(() => {
						// Redis is away: the next sweep after it returns puts this right.
					});
				}, DISCONNECT_GRACE_MS)
			);
		}
	}

	private writeFields() {
		this.fieldTimer = null;
		const all = [...this.fields.values()];
		this.fields.clear();
		for (const { room, values } of all) {
			void this.redis.hSet(this.key(room.gatheringId), values).catch(() => {
				// Redis is away: the next sweep after it returns puts this right.
			});
		}
	}

	loaded(room: Room): void {
		this.rooms.set(room.gatheringId, room);
		void this.sweep(room);
	}

	unloaded(gatheringId: string): void {
		this.rooms.delete(gatheringId);
	}

	/** Renews this node's fields, then reconciles the doc with the hash. */
	async sweep(room: Room): Promise<void> {
		const held = localParticipants(room);
		const now = String(Date.now());
		try {
			if (held.size) await this.redis.hSet(this.key(room.gatheringId), Object.fromEntries([...held].map((p) => [`${p}|${this.node}`, now])));
			await this.settle(room);
		} catch (error) {
			if (this.redis.isReady) this.log.warn('Presence sweep failed', { gatheringId: room.gatheringId, error });
		}
	}

	private async settle(room: Room): Promise<void> {
		const key = this.key(room.gatheringId);
		const fields = await this.redis.hGetAll(key);
		const now = Date.now();
		const held = new Set<string>();
		const lastSeen = new Map<string, number>();
		const expired: string[] = [];
		for (const [field, value] of Object.entries(fields)) {
			const participantId = field.slice(0, field.lastIndexOf('|'));
			const closed = value.endsWith('!');
			const at = Number.parseInt(value, 10);
			if (!Number.isFinite(at)) continue;
			if (!closed && now - at < PRESENCE_STALE_MS) held.add(participantId);
			else lastSeen.set(participantId, Math.max(lastSeen.get(participantId) ?? 0, at));
			if (now - at >= PRESENCE_STALE_MS) expired.push(field);
		}
		if (room.isDestroyed || this.rooms.get(room.gatheringId) !== room) return;
		const local = localParticipants(room);
		// One change of the board for all of them: a hall coming back is one update to every screen, not one per person.
		const changes: { participantId: string; connected: boolean; at: number }[] = [];
		for (const [participantId, record] of board(room.doc).presence.entries()) {
			const last = record.connected[record.connected.length - 1];
			const open = !!last && last.end === null;
			if (open && !held.has(participantId) && !local.has(participantId)) changes.push({ participantId, connected: false, at: Math.min(now, lastSeen.get(participantId) ?? now) });
		}
		for (const participantId of local) {
			const record = board(room.doc).presence.get(participantId);
			const last = record?.connected[record.connected.length - 1];
			if (!last || last.end !== null) changes.push({ participantId, connected: true, at: now });
		}
		room.setConnected(changes);
		if (expired.length) await this.redis.hDel(key, expired);
		await this.redis.expire(key, KEY_TTL_S);
	}

	close(): void {
		clearInterval(this.timer);
		if (this.fieldTimer) clearTimeout(this.fieldTimer);
		this.writeFields();
		for (const timer of this.toSettle.values()) clearTimeout(timer);
		this.toSettle.clear();
	}
}

function localParticipants(room: Room): Set<string> {
	const ids = new Set<string>();
	for (const c of room.connections) if (c.identity.actor.kind === 'participant') ids.add(c.identity.actor.id);
	return ids;
}
