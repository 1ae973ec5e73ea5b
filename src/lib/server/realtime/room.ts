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
import { MalformedMessage, decodeMessage, messageKind, encodeAwareness, encodeAwarenessUpdate as encodeEntries, encodeSyncStep1, encodeSyncStep2, encodeUpdate, type MessageKind } from './protocol';
import { prepareWriterUpdate, updateChangesDoc } from './write-check';
import { MAX_AWARENESS_IDS_PER_CONNECTION, readClientAwareness } from './awareness-input';
import { CLOSE, type RealtimeSocket } from './socket';

export type Identity = { actor: Actor; name: string; role: 'facilitator' | 'note-taker' | 'participant' };

export type Connection = {
	id: string;
	socket: RealtimeSocket;
	identity: Identity;
	canWrite: boolean;
	/** Awareness client ids this connection speaks for. */
	clientIds: Set<number>;
	/**
	 * Handling one of this connection's messages failed after the handler returned (an
	 * answer that waited for the database): the same boundary as a throw (server.ts).
	 */
	fail: (kind: MessageKind, error: unknown) => void;
	/** The same for time: work a message left for later held the event loop this long. */
	took: (kind: MessageKind, ms: number) => void;
};

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

/** How long connects and disconnects gather before they are written as presence (see `queuePresence`). */
export const PRESENCE_BATCH_MS = 250;

/** How long presence changes gather before they are passed on (see `flushAwareness`). */
export const AWARENESS_BATCH_MS = 250;

/** Awareness applied from another node: shown to our clients, never sent back out. */
const FROM_OTHER_NODE = Symbol('from another node');

export class Room {
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

	/** Presence as the cluster reconciles it (see RoomHooks.presenceChanged). */
	setConnected(participantId: string, connected: boolean, at: number): void {
		this.flushPresence();
		this.serverChange((b) => (connected ? openPresence(b, participantId, 'connected', at) : closePresence(b, participantId, 'connected', at)));
	}

	get isDestroyed() {
		return this.destroyed;
	}

	/** A change the server makes on its own; it is persisted and broadcast like any other. */
	private serverChange(change: (b: ReturnType<typeof board>, now: number) => unknown) {
		if (this.destroyed || this.failed) return;
		this.doc.transact(() => change(board(this.doc), this.now()), { kind: ORIGIN_KIND.server });
	}

	/**
	 * On one node, connects and disconnects are written as presence in batches. Each presence change is a
	 * change to the board that goes to every phone already there, so a hall whose phones all
	 * reconnect at once (the Wi-Fi came back) cost N²/2 socket writes one by one; batched, a few
	 * updates carry them all. Each change keeps its own time. While changes wait, the room
	 * counts as having a pending write, so it is not unloaded before they are written; anything
	 * that changes presence directly writes the queue first, keeping the order.
	 */
	private presenceQueue: { id: string; connected: boolean; at: number }[] = [];
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;

	private queuePresence(id: string, connected: boolean) {
		if (this.destroyed || this.failed) return;
		this.presenceQueue.push({ id, connected, at: this.now() });
		if (this.presenceTimer) return;
		this.pending++;
		this.presenceTimer = setTimeout(() => this.flushPresence(), PRESENCE_BATCH_MS);
	}

	/** Writes the queued presence changes now. */
	flushPresence(): void {
		if (!this.presenceTimer) return;
		clearTimeout(this.presenceTimer);
		this.presenceTimer = null;
		this.pending--;
		const queue = this.presenceQueue;
		this.presenceQueue = [];
		this.serverChange((b) => {
			for (const p of queue) {
				if (p.connected) openPresence(b, p.id, 'connected', p.at);
				else closePresence(b, p.id, 'connected', p.at);
			}
		});
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

	private sendPresentStates(connection: Connection) {
		if (!this.sendsPresenceTo(connection)) return;
		const present = [...this.awareness.getStates().keys()];
		if (present.length) connection.socket.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, present)));
	}

	private broadcast(message: Uint8Array, excludeConnection: string | null) {
		for (const c of this.connections) if (c.id !== excludeConnection) c.socket.send(message);
	}

	/**
	 * Presence changes are passed on in batches. Every client renews its presence every 15 s,
	 * and phones that joined together renew together: sent one by one, 600 renewals to 600
	 * phones are 360,000 messages within a second or two, which stalled commands for seconds.
	 * Batched, each screen gets a few messages carrying everyone's state; the bytes are the
	 * same, the per-message cost is gone. Nothing is dropped: a batch carries the current
	 * state (or removal) of every client that changed since the last one.
	 */
	private awarenessToClients = new Set<number>();
	private awarenessToNodes = new Set<number>();
	private awarenessTimer: ReturnType<typeof setTimeout> | null = null;

	private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		for (const ids of [added, updated, removed]) {
			for (const id of ids) {
				this.awarenessToClients.add(id);
				if (origin !== FROM_OTHER_NODE) this.awarenessToNodes.add(id);
			}
		}
		if (this.awarenessToClients.size && !this.awarenessTimer && !this.destroyed) {
			this.awarenessTimer = setTimeout(this.flushAwareness, AWARENESS_BATCH_MS);
		}
	};

	private flushAwareness = () => {
		this.awarenessTimer = null;
		const [toClients, toNodes] = [[...this.awarenessToClients], [...this.awarenessToNodes]];
		this.awarenessToClients.clear();
		this.awarenessToNodes.clear();
		if (this.destroyed) return;
		if (toClients.length) {
			const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, toClients));
			for (const c of this.connections) if (this.sendsPresenceTo(c)) c.socket.send(message);
		}
		if (toNodes.length) this.hooks?.localAwareness(this, encodeAwarenessUpdate(this.awareness, toNodes));
	};

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
			// With several nodes presence is reconciled across them (cluster/presence.ts) and stays unbatched.
			if (this.hooks) {
				this.serverChange((b, now) => openPresence(b, id, 'connected', now));
				this.hooks.presenceChanged(this, id, true);
			} else this.queuePresence(id, true);
		}
		// One boundary per message: whatever a client sends, a throw ends this socket, never the room.
		socket.onMessage((data) => {
			try {
				this.onMessage(connection, data);
			} catch (error) {
				connection.fail(messageKind(data), error);
			}
		});
		socket.send(encodeSyncStep1(this.doc));
		this.sendPresentStates(connection);
		return connection;
	}

	disconnect(connection: Connection): void {
		if (!this.connections.delete(connection)) return;
		for (const id of connection.clientIds) this.awarenessOwners.delete(id);
		removeAwarenessStates(this.awareness, [...connection.clientIds], connection);
		const actor = connection.identity.actor;
		if (actor.kind === 'participant' && ![...this.connections].some((c) => c.identity.actor.id === actor.id)) {
			if (this.hooks) this.hooks.presenceChanged(this, actor.id, false);
			else this.queuePresence(actor.id, false);
		}
	}

	/**
	 * One client message. A throw here (malformed bytes, a limit) goes to the caller's boundary,
	 * which closes this socket only; work that continues after the database answered reports
	 * its own failure through `connection.fail`. Nothing a client sends costs more than
	 * reading its bytes, except a sync step 1, which encodes the board and is limited per
	 * socket (limits.ts).
	 */
	onMessage(connection: Connection, data: Uint8Array): void {
		const message = decodeMessage(data);
		switch (message.type) {
			case 'syncStep1':
				// Answered only with what is durable: a phone never holds state the server could lose.
				// With several nodes, also with everything durable: a phone moving here from another
				// node must not find this one behind.
				void Promise.all([this.writer.drain(), this.hooks?.catchUp(this)])
					.then(
						() => {
							if (this.destroyed) return;
							const started = performance.now();
							connection.socket.send(encodeSyncStep2(this.doc, message.stateVector));
							connection.took('sync-step1', performance.now() - started);
						},
						() => connection.socket.close(CLOSE.reload.code, CLOSE.reload.reason)
					)
					.catch((error) => connection.fail('sync-step1', error));
				return;
			case 'update':
				return this.onClientUpdate(connection, message.update, message.step2 ? 'sync-step2' : 'sync-update');
			case 'awareness':
				return this.onClientAwareness(connection, message.update);
			case 'queryAwareness':
				return this.sendPresentStates(connection);
		}
	}

	private onClientUpdate(connection: Connection, update: Uint8Array, kind: MessageKind) {
		if (!connection.canWrite) {
			if (!updateChangesDoc(this.doc, update)) return;
			if (!this.hooks) {
				// The client's doc now differs from ours; closing makes it resync from scratch.
				connection.socket.close(CLOSE.readOnly.code, CLOSE.readOnly.reason);
				return;
			}
			// A phone that came from another node may hold changes that node committed and this one
			// has not read yet: only what is still new after reading the log is a write attempt.
			void this.hooks
				.catchUp(this)
				.then(
					() => {
						if (!this.destroyed && updateChangesDoc(this.doc, update)) connection.socket.close(CLOSE.readOnly.code, CLOSE.readOnly.reason);
					},
					() => connection.socket.close(CLOSE.reload.code, CLOSE.reload.reason)
				)
				.catch((error) => connection.fail(kind, error));
			return;
		}
		this.applyWrite(connection, update);
	}

	/**
	 * A write connection's update. Yjs keeps what it cannot integrate yet (structs or deletions
	 * that depend on something it has not seen) in the store's pending queues and retries them
	 * on every later update. An honest writer's updates always build on what it received from
	 * us, so anything that would stay pending is a forgery: most of it is refused before Yjs
	 * sees it (write-check.ts), the rest is dropped after, never kept to grow and be retried.
	 */
	private applyWrite(connection: Connection, update: Uint8Array) {
		const ready = prepareWriterUpdate(this.doc, update);
		if (!ready) return;
		const store = this.doc.store;
		const [structsBefore, deletesBefore] = [store.pendingStructs, store.pendingDs];
		Y.applyUpdate(this.doc, ready, { kind: ORIGIN_KIND.facilitatorEdit, actor: connection.identity.actor, connectionId: connection.id });
		// Still possible: an item whose origin or parent the board does not have.
		if ((store.pendingStructs && store.pendingStructs !== structsBefore) || (store.pendingDs && store.pendingDs !== deletesBefore)) {
			store.pendingStructs = structsBefore;
			store.pendingDs = deletesBefore;
			throw new MalformedMessage('update depends on changes the board does not have');
		}
	}

	/** Which connection speaks for each awareness client id (an id is never shared). */
	private readonly awarenessOwners = new Map<number, Connection>();

	/**
	 * Presence is the server's word: a client says only which screen it is (awareness-input.ts),
	 * `user` comes from its session, and it may only speak for awareness ids no other connection
	 * has claimed, a few per connection. The stock client echoes every state it received;
	 * those entries are skipped without being parsed.
	 */
	private onClientAwareness(connection: Connection, update: Uint8Array) {
		const entries = readClientAwareness(update, (clientId, removal) => {
			const owner = this.awarenessOwners.get(clientId);
			if (owner) return owner === connection;
			// A state held without a local owner came from another node: an echo, not this client's.
			if (this.awareness.getStates().has(clientId)) return false;
			// Echoes of states that are gone, and ids beyond a connection's few, change nothing.
			if (removal || connection.clientIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false;
			connection.clientIds.add(clientId);
			this.awarenessOwners.set(clientId, connection);
			return true;
		});
		const { actor, name, role } = connection.identity;
		const stamped = entries.map((e) => ({ ...e, state: e.state === null ? null : { ...e.state, user: { id: actor.id, name, role } } }));
		if (stamped.length) applyAwarenessUpdate(this.awareness, encodeEntries(stamped), connection);
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
		if (this.awarenessTimer) {
			clearTimeout(this.awarenessTimer);
			this.flushAwareness();
		}
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
		this.destroyed = true;
		this.doc.off('update', this.onDocUpdate);
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}
}
