/**
 * Connections to boards. Authorisation has already happened (see upgrade.ts): this module
 * gets a socket, who is on it and whether they may write, and keeps it attached to the
 * gathering's room until it closes.
 */
import { NotFoundError, type RoomRegistry } from './registry';
import type { Identity } from './room';
import { CLOSE } from '$lib/protocol/close-codes';
import { messageKind, type MessageKind } from '$lib/protocol/messages';
import type { RealtimeSocket } from './socket';
import { encodeAwareness, encodeAwarenessUpdate } from './frames';
import { MAX_SOCKETS_PER_PERSON, READER_BUDGET, SocketAllowance, WRITER_BUDGET } from './limits';
import { Incidents } from './incidents';
import type { Logger } from '../ops/log';
import type { Metrics } from '../ops/metrics';

/**
 * Every socket hears from the server at least this often. A client that hears nothing for
 * several beats takes its server for hung and reconnects, through the proxy, to another node
 * (client/silence.ts); a healthy but quiet board must therefore never be silent that long.
 */
export const HEARTBEAT_MS = 4_000;
/** An awareness update with no entries: valid for every client, changes nothing. */
const HEARTBEAT = encodeAwareness(encodeAwarenessUpdate([]));

export type Access = { gatheringId: string; identity: Identity; canWrite: boolean };

export type RealtimeOptions = {
	heartbeatMs?: number;
	log?: Logger;
	metrics?: Metrics;
	now?: () => number;
	/** With several nodes: tells the others to close a person's sockets too. */
	onDisconnectPerson?: (gatheringId: string, actorId: string) => void;
};

export class RealtimeServer {
	private readonly sockets = new Map<RealtimeSocket, Access & { label: string }>();
	/** The same sockets by person and gathering, oldest first: a connect looks up only its own. */
	private readonly byPerson = new Map<string, Set<RealtimeSocket>>();
	private closing = false;
	private nextSocket = 0;

	private readonly heartbeat: ReturnType<typeof setInterval>;
	private readonly incidents: Incidents;

	constructor(
		readonly registry: RoomRegistry,
		private readonly options: RealtimeOptions = {}
	) {
		this.heartbeat = setInterval(() => {
			for (const socket of this.sockets.keys()) socket.send(HEARTBEAT);
		}, options.heartbeatMs ?? HEARTBEAT_MS);
		this.heartbeat.unref?.();
		this.incidents = new Incidents(options);
	}

	/** Longest time one client message held the event loop since start, in seconds. */
	get slowestMessageSeconds(): number {
		return this.incidents.slowestSeconds;
	}

	get connectionCount(): number {
		return this.sockets.size;
	}

	async handleConnection(socket: RealtimeSocket, access: Access): Promise<void> {
		if (this.closing) return socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
		const label = `s${++this.nextSocket}`;
		this.makeRoomFor(access);
		this.sockets.set(socket, { ...access, label });
		const person = personKey(access.gatheringId, access.identity.actor.id);
		this.byPerson.set(person, (this.byPerson.get(person) ?? new Set()).add(socket));
		let refused = false;
		const refuse = (kind: MessageKind, reason: 'malformed' | 'rate', error: unknown) => {
			if (refused) return;
			refused = true;
			const close = reason === 'rate' ? CLOSE.tooMany : CLOSE.malformed;
			this.incidents.report({ gatheringId: access.gatheringId, socket: label, role: access.identity.role, kind, reason, error });
			socket.close(close.code, close.reason);
		};
		const early = holdEarlyMessages(
			withinAllowance(socket, {
				canWrite: access.canWrite,
				refuse,
				refused: () => refused,
				took: (kind, bytes, ms) => this.incidents.timed({ gatheringId: access.gatheringId, socket: label, role: access.identity.role, kind, bytes, ms }),
				now: this.options.now
			})
		);
		let closed = false;
		let detach = () => {};
		// Registered before the room loads: a socket that closes meanwhile must not leak a holder.
		socket.onClose(() => {
			closed = true;
			this.forget(socket, person);
			detach();
		});
		let room;
		try {
			room = await this.registry.acquire(access.gatheringId);
		} catch (error) {
			if (error instanceof NotFoundError) socket.close(CLOSE.notFound.code, CLOSE.notFound.reason);
			else socket.close(CLOSE.reload.code, CLOSE.reload.reason);
			return;
		}
		if (closed) return this.registry.release(room);
		const connection = room.connect(early, access.identity, access.canWrite, {
			fail: (kind, error) => refuse(kind, 'malformed', error),
			took: (kind, ms) => this.incidents.timed({ gatheringId: access.gatheringId, socket: label, role: access.identity.role, kind, bytes: 0, ms })
		});
		detach = () => {
			room.disconnect(connection);
			this.registry.release(room);
		};
	}

	/**
	 * At most MAX_SOCKETS_PER_PERSON sockets per person and gathering: the oldest goes. A phone
	 * that reconnects after a Wi-Fi drop may still have a dead socket here; the new one wins.
	 */
	private makeRoomFor(access: Access) {
		const person = personKey(access.gatheringId, access.identity.actor.id);
		const theirs = [...(this.byPerson.get(person) ?? [])];
		for (const socket of theirs.slice(0, Math.max(0, theirs.length - MAX_SOCKETS_PER_PERSON + 1))) {
			this.forget(socket, person);
			socket.close(CLOSE.tooMany.code, CLOSE.tooMany.reason);
		}
	}

	private forget(socket: RealtimeSocket, person: string) {
		this.sockets.delete(socket);
		const theirs = this.byPerson.get(person);
		theirs?.delete(socket);
		if (theirs?.size === 0) this.byPerson.delete(person);
	}

	/**
	 * Closes a person's sockets on one gathering after their rights changed (removed, left,
	 * appointed or relieved as note-taker); their client reconnects and is authorised anew.
	 */
	disconnectPerson(gatheringId: string, actorId: string): void {
		this.options.onDisconnectPerson?.(gatheringId, actorId);
		this.disconnectLocal(gatheringId, actorId);
	}

	disconnectLocal(gatheringId: string, actorId: string): void {
		for (const socket of [...(this.byPerson.get(personKey(gatheringId, actorId)) ?? [])]) {
			socket.close(CLOSE.rightsChanged.code, CLOSE.rightsChanged.reason);
		}
	}

	/** Shutdown, step one: every socket is told the server is going away; clients reconnect elsewhere or later. */
	disconnectAll(): void {
		this.closing = true;
		clearInterval(this.heartbeat);
		for (const socket of this.sockets.keys()) socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
	}

	/** Shutdown, step two (after in-flight requests finished): commit what is queued, destroy every room. */
	async close(): Promise<void> {
		this.disconnectAll();
		await this.registry.close();
	}
}

/** One key per person and gathering; ids never contain a NUL. */
const personKey = (gatheringId: string, actorId: string) => `${gatheringId}\u0000${actorId}`;

/**
 * Every message first pays from its socket's allowance (limits.ts): a socket over budget is
 * closed before its message is read. Then one boundary per message: a throw while it is
 * handled closes this socket and is reported; it never reaches the process.
 */
function withinAllowance(
	socket: RealtimeSocket,
	options: {
		canWrite: boolean;
		refuse: (kind: MessageKind, reason: 'malformed' | 'rate', error: unknown) => void;
		/** Once refused, nothing more from this socket is read (it is closing). */
		refused: () => boolean;
		/** How long the message held the event loop (not the work it left for later). */
		took: (kind: MessageKind, bytes: number, ms: number) => void;
		now?: () => number;
	}
): RealtimeSocket {
	const { refuse, refused } = options;
	const allowance = new SocketAllowance(options.canWrite ? WRITER_BUDGET : READER_BUDGET, options.now);
	return {
		send: (data) => socket.send(data),
		close: (code, reason) => socket.close(code, reason),
		onClose: (listener) => socket.onClose(listener),
		onMessage: (listener) =>
			socket.onMessage((data) => {
				if (refused()) return;
				const kind = messageKind(data);
				if (!allowance.take(data.byteLength) || (kind === 'sync-step1' && !allowance.takeSyncRequest())) return refuse(kind, 'rate', null);
				const started = performance.now();
				try {
					listener(data);
				} catch (error) {
					refuse(kind, 'malformed', error);
				}
				options.took(kind, data.byteLength, performance.now() - started);
			})
	};
}

/** Messages a client may send before its board is loaded; more is not a phone. */
export const MAX_EARLY_MESSAGES = 64;

/**
 * A client speaks as soon as its socket opens (its sync step 1 comes first), while the board
 * may still be loading — with several nodes that includes subscribing to the bus. Those
 * messages are held and handed to the room when it attaches, instead of being lost and
 * leaving the phone waiting for an answer that never comes.
 */
function holdEarlyMessages(socket: RealtimeSocket): RealtimeSocket {
	const held: Uint8Array[] = [];
	let deliver: ((data: Uint8Array) => void) | null = null;
	socket.onMessage((data) => {
		if (deliver) return deliver(data);
		if (held.length >= MAX_EARLY_MESSAGES) return socket.close(CLOSE.tooBig.code, CLOSE.tooBig.reason);
		held.push(data);
	});
	return {
		send: (data) => socket.send(data),
		close: (code, reason) => socket.close(code, reason),
		onClose: (listener) => socket.onClose(listener),
		onMessage: (listener) => {
			deliver = listener;
			for (const data of held.splice(0)) listener(data);
		}
	};
}
