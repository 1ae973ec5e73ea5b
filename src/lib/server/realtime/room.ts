/**
 * One loaded board: its Y.Doc, its presence (awareness) and the connections watching it.
 *
 * Every change reaches other people only after it is durable: a doc update is queued with
 * the group-commit writer and broadcast in that write's `then`. Commands collect their
 * update on the origin and persist it together with their ledger entry (see commands/).
 * If a write fails, the in-memory doc is ahead of the database; the room then closes every
 * connection with `reload` and is discarded, so the next use loads the durable state.
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { ORIGIN_KIND, isOrigin } from '$lib/board/origins';
import { board } from '$lib/board/doc';
import { closeAllConnected, closePresence, openPresence } from '$lib/board/presence';
import { forgetEveryone, forgetParticipant } from '$lib/board/erase';
import { bumpCounter, type CounterKey } from '$lib/board/counters';
import { renamePublic } from '$lib/board/public-names';
import { migrateBoard, versionOnFirstWrite } from '$lib/board/migrations';
import type { Actor, BoardSettings, Phase } from '$lib/board/types';
import type { UpdateWriter } from '../board/writer';
import type { CommandRecord } from '../board/store';
import type { Durable } from '../board/durable-log';
import { CLOSE } from '$lib/protocol/close-codes';
import { messageKind } from '$lib/protocol/messages';
import { encodeAwareness, encodeUpdate } from './frames';
import { SyncAnswers } from './sync-answers';
import type { RealtimeSocket } from './socket';
import type { Connection, Identity } from './connection';
import { PresenceBatch, presenceBatchMs } from './presence-batch';
import { AwarenessBatch } from './awareness-batch';
import { AwarenessOwners } from './client-awareness';
import { receive, type TransportRoom } from './transport';

export type { Connection, Identity };

/** A command's origin collects its update instead of letting the room persist it alone. */
export type CommandOrigin = { kind: typeof ORIGIN_KIND.command; actor: Actor; commandId: string; updates: Uint8Array[] };

/**
 * When several nodes serve the gathering (cluster/replicas.ts), the room tells them about
 * its own changes and asks them before it answers a phone. Null on a single node.
 */
export type RoomHooks = {
	/** A change made on this node is committed (at `durable` in the log): pass it on. */
	committed(room: Room, update: Uint8Array, durable: Durable | null): void;
	/** Awareness of this node's own clients changed. */
	localAwareness(room: Room, update: Uint8Array): void;
	/**
	 * A participant's first socket on this node opened or their last one closed. Presence
	 * intervals are then kept by the cluster (they may still be connected elsewhere), so the
	 * room neither closes them on its own nor on load.
	 */
	presenceChanged(room: Room, participantId: string, connected: boolean): void;
	/** Resolves once the doc holds everything the durable log holds now. */
	catchUp(room: Room): Promise<void>;
};

/** Awareness applied from another node: shown to our clients, never sent back out. */
const FROM_OTHER_NODE = Symbol('from another node');

export class Room implements TransportRoom {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness: Awareness;
	readonly connections = new Set<Connection>();
	/** Writes queued and not yet committed. The room is not unloaded while any are. */
	pending = 0;
	private failed = false;
	private destroyed = false;
	/** With hooks: every update of this gathering up to this log id is in the doc (see board/durable-log.ts). */
	durableUpTo = 0;
	private nextConnection = 0;
	readonly catchUp: (() => Promise<void>) | null;
	private readonly presenceBatch: PresenceBatch;
	private readonly awarenessBatch: AwarenessBatch;
	private readonly awarenessOwners: AwarenessOwners;
	private readonly answers: SyncAnswers;

	constructor(
		readonly gatheringId: string,
		readonly settings: BoardSettings,
		private readonly writer: UpdateWriter,
		private readonly onFailure: (room: Room) => void,
		private readonly now: () => number = Date.now,
		/** Given when several nodes share the gathering. */
		readonly hooks: RoomHooks | null = null
	) {
		this.awareness = new Awareness(this.doc);
		// The server itself is not a participant: no presence of its own.
		this.awareness.setLocalState(null);
		this.catchUp = hooks ? () => hooks.catchUp(this) : null;
		this.presenceBatch = new PresenceBatch({
			write: (changes) =>
				this.serverChange((b) => {
					for (const p of changes) {
						if (p.connected) openPresence(b, p.id, 'connected', p.at);
						else closePresence(b, p.id, 'connected', p.at);
					}
				}),
			// While changes wait, the room counts a pending write and is not unloaded.
			hold: () => this.pending++,
			release: () => this.pending--,
			now,
			batchMs: () => presenceBatchMs(this.connections.size)
		});
		this.awarenessBatch = new AwarenessBatch({ send: (toClients, toNodes) => this.sendAwareness(toClients, toNodes) });
		this.awarenessOwners = new AwarenessOwners(this.awareness);
		this.answers = new SyncAnswers(this.doc);
		this.doc.on('update', this.onDocUpdate);
		this.awareness.on('update', this.onAwarenessUpdate);
	}

	/**
	 * Applies the durable log without persisting it again. Presence still open in it was left
	 * by a server that stopped without closing it (a crash): nobody is connected to a room
	 * being loaded, so it is closed now — counting the outage as present, which a phone
	 * reconnecting within the presence gap would have done anyway.
	 */
	load(snapshot: Uint8Array | null, updates: Uint8Array[]): void {
		this.doc.transact(() => {
			if (snapshot) Y.applyUpdate(this.doc, snapshot);
			for (const u of updates) Y.applyUpdate(this.doc, u);
		}, { kind: ORIGIN_KIND.load });
		// Before anything else writes: an older doc is migrated (persisted like any change), a newer one refused.
		const migrated = migrateBoard(this.doc, { now: this.now() });
		if (!this.hooks) this.serverChange((b, now) => closeAllConnected(b, now));
		if (migrated.from === null) versionOnFirstWrite(this.doc);
	}

	/** Changes already durable (committed by another node): applied and shown, not persisted again. */
	applyRemote(updates: Uint8Array[]): void {
		if (this.destroyed || this.failed || !updates.length) return;
		this.doc.transact(() => {
			for (const u of updates) Y.applyUpdate(this.doc, u);
		}, { kind: ORIGIN_KIND.remoteNode });
	}

	applyRemoteAwareness(update: Uint8Array): void {
		if (!this.destroyed) applyAwarenessUpdate(this.awareness, update, FROM_OTHER_NODE);
	}

	/**
	 * Presence as the cluster reconciles it (see RoomHooks.presenceChanged), in one change of the
	 * board however many people it concerns: each change goes to every screen of every node.
	 */
	setConnected(changes: { participantId: string; connected: boolean; at: number }[]): void {
		if (!changes.length) return;
		this.flushPresence();
		this.serverChange((b) => {
			for (const { participantId, connected, at } of changes) {
				if (connected) openPresence(b, participantId, 'connected', at);
				else closePresence(b, participantId, 'connected', at);
			}
		});
	}

	get isDestroyed() {
		return this.destroyed;
	}

	/** A change the server makes on its own; it is persisted and broadcast like any other. */
	private serverChange(change: (b: ReturnType<typeof board>, now: number) => unknown) {
		if (this.destroyed || this.failed) return;
		this.doc.transact(() => change(board(this.doc), this.now()), { kind: ORIGIN_KIND.server });
	}

	/** Writes the queued presence changes now (presence-batch.ts); anything that changes presence directly calls it first. */
	flushPresence(): void {
		this.presenceBatch.flush();
	}

	/** Closes the presence of everyone connected (shutdown: the sockets are going away). */
	endPresence(): void {
		this.flushPresence();
		// Other nodes may still hold these people; the cluster closes what nobody holds.
		if (this.hooks) return;
		this.serverChange((b, now) => closeAllConnected(b, now));
	}

	/** Takes a removed person off the live parts of the board (see CommandService.forget). */
	forget(participantId: string, now: number): void {
		this.flushPresence();
		this.doc.transact(() => forgetParticipant(board(this.doc), participantId, now), { kind: ORIGIN_KIND.server });
	}

	/** Erasure of a whole gathering: no name stays on its board; hands and named screens go. */
	forgetEveryone(now: number): void {
		this.flushPresence();
		this.doc.transact(() => forgetEveryone(board(this.doc), now), { kind: ORIGIN_KIND.server });
	}

	/** Increments a counter in `meta`: a change screens notice and act on. */
	bumpCounter(key: CounterKey): void {
		this.doc.transact(() => bumpCounter(board(this.doc), key), { kind: ORIGIN_KIND.server });
	}

	/** Only for people who consented: their entry exists. */
	renamePublic(participantId: string, name: string): void {
		this.doc.transact(() => renamePublic(board(this.doc), participantId, name), { kind: ORIGIN_KIND.server });
	}

	/** Resolves once everything queued so far is committed. */
	flushed(): Promise<void> {
		return this.writer.drain();
	}

	private onDocUpdate = (update: Uint8Array, origin: unknown) => {
		if (!isOrigin(origin)) return;
		if (origin.kind === ORIGIN_KIND.load) return;
		if (origin.kind === ORIGIN_KIND.remoteNode) {
			this.broadcast(encodeUpdate(update), null);
			return;
		}
		if (origin.kind === ORIGIN_KIND.command) {
			(origin as CommandOrigin).updates.push(update);
			return;
		}
		const exclude = origin.kind === ORIGIN_KIND.facilitatorEdit ? origin.connectionId : null;
		void this.persist(update, null, null, exclude).catch(() => {});
	};

	/** Commits (update, command record, phase) together, then broadcasts the update. */
	persist(update: Uint8Array | null, command: CommandRecord | null, phase: Phase | null, excludeConnection: string | null = null): Promise<void> {
		this.pending++;
		return this.writer.enqueue({ gatheringId: this.gatheringId, update, command, phase }).then(
			(durable) => {
				this.pending--;
				if (update) this.announce(update, durable, excludeConnection);
			},
			(error) => {
				this.pending--;
				this.fail();
				throw error;
			}
		);
	}

	/** A committed change goes to this node's screens, then to the other nodes. */
	announce(update: Uint8Array, durable: Durable | null, excludeConnection: string | null = null): void {
		this.broadcast(encodeUpdate(update), excludeConnection);
		this.hooks?.committed(this, update, durable);
	}

	/** The doc is ahead of the database: every screen reloads, the room is dropped. */
	fail() {
		if (this.failed) return;
		this.failed = true;
		for (const c of this.connections) c.socket.close(CLOSE.reload.code, CLOSE.reload.reason);
		this.onFailure(this);
	}

	get isFailed() {
		return this.failed;
	}

	/**
	 * Who else has the board open is for the facilitator's screens only. Phones show no
	 * presence, and note-takers are guests: neither is sent everyone's name, nor a stream of
	 * renewals, which on a full hall would be most of their traffic.
	 */
	private sendsPresenceTo(connection: Connection): boolean {
		return connection.identity.role === 'facilitator';
	}

	sendPresentStates(connection: Connection): void {
		if (!this.sendsPresenceTo(connection)) return;
		const present = [...this.awareness.getStates().keys()];
		if (present.length) connection.socket.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, present)));
	}

	private broadcast(message: Uint8Array, excludeConnection: string | null) {
		for (const c of this.connections) if (c.id !== excludeConnection) c.socket.send(message);
	}

	private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		if (!this.destroyed) this.awarenessBatch.note([...added, ...updated, ...removed], origin === FROM_OTHER_NODE);
	};

	/** A batch of presence changes (awareness-batch.ts): states as they are now, to facilitator screens and other nodes. */
	private sendAwareness(toClients: number[], toNodes: number[]) {
		if (this.destroyed) return;
		if (toClients.length) {
			const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, toClients));
			for (const c of this.connections) if (this.sendsPresenceTo(c)) c.socket.send(message);
		}
		if (toNodes.length) this.hooks?.localAwareness(this, encodeAwarenessUpdate(this.awareness, toNodes));
	}

	connect(
		socket: RealtimeSocket,
		identity: Identity,
		canWrite: boolean,
		report: Pick<Connection, 'fail' | 'took'> = { fail: () => socket.close(CLOSE.malformed.code, CLOSE.malformed.reason), took: () => {} }
	): Connection {
		const connection: Connection = { id: `c${++this.nextConnection}`, socket, identity, canWrite, clientIds: new Set(), ...report };
		this.connections.add(connection);
		// A participant is present while at least one of their sockets is open (screens of the facilitator do not count).
		if (identity.actor.kind === 'participant') {
			const id = identity.actor.id;
			// Connects are batched on every node; with several nodes the cluster decides disconnects (cluster/presence.ts).
			if (!this.destroyed && !this.failed) this.presenceBatch.add(id, true);
			this.hooks?.presenceChanged(this, id, true);
		}
		// One boundary per message: whatever a client sends, a throw ends this socket, never the room.
		socket.onMessage((data) => {
			try {
				receive(this, connection, data);
			} catch (error) {
				connection.fail(messageKind(data), error);
			}
		});
		socket.send(this.answers.step1());
		this.sendPresentStates(connection);
		return connection;
	}

	disconnect(connection: Connection): void {
		if (!this.connections.delete(connection)) return;
		this.awarenessOwners.release(connection);
		removeAwarenessStates(this.awareness, [...connection.clientIds], connection);
		const actor = connection.identity.actor;
		if (actor.kind === 'participant' && ![...this.connections].some((c) => c.identity.actor.id === actor.id)) {
			if (this.hooks) this.hooks.presenceChanged(this, actor.id, false);
			else if (!this.destroyed && !this.failed) this.presenceBatch.add(actor.id, false);
		}
		// Nobody left to reconnect into a loaded room that others keep open: what waits is written
		// now, so an empty room unloads without waiting out the disconnect grace.
		if (!this.connections.size) this.flushPresence();
	}

	syncStep2(stateVector: Uint8Array): Uint8Array {
		return this.answers.step2(stateVector);
	}

	acceptAwareness(connection: Connection, update: Uint8Array): void {
		this.awarenessOwners.accept(connection, update);
	}

	/** Presence as the server knows it: one entry per connection with a live awareness state. */
	presence(): { id: string; name: string; role: string }[] {
		const seen = new Map<string, { id: string; name: string; role: string }>();
		for (const state of this.awareness.getStates().values()) {
			const user = (state as { user?: { id: string; name: string; role: string } }).user;
			if (user) seen.set(user.id, user);
		}
		return [...seen.values()];
	}

	destroy(): void {
		// Pending presence goes out first: other nodes learn who left instead of waiting 30 s.
		this.awarenessBatch.close();
		this.presenceBatch.cancel();
		this.answers.destroy();
		this.destroyed = true;
		this.doc.off('update', this.onDocUpdate);
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}
}
