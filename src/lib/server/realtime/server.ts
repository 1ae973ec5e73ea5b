/**
 * Connections to boards. Authorisation has already happened (see upgrade.ts): this module
 * gets a socket, who is on it and whether they may write, and keeps it attached to the
 * gathering's room until it closes.
 */
import { NotFoundError, type RoomRegistry } from './registry';
import type { Identity } from './room';
import { CLOSE, type RealtimeSocket } from './socket';
import { encodeAwareness, encodeAwarenessUpdate } from './protocol';

/**
 * Every socket hears from the server at least this often. A client that hears nothing for
 * several beats takes its server for hung and reconnects, through the proxy, to another node
 * (client/silence.ts); a healthy but quiet board must therefore never be silent that long.
 */
export const HEARTBEAT_MS = 4_000;
/** An awareness update with no entries: valid for every client, changes nothing. */
const HEARTBEAT = encodeAwareness(encodeAwarenessUpdate([]));

export type Access = { gatheringId: string; identity: Identity; canWrite: boolean };

export class RealtimeServer {
	private readonly sockets = new Map<RealtimeSocket, Access>();
	private closing = false;
	/** With several nodes: tells the others to close a person's sockets too. */
	onDisconnectPerson: ((gatheringId: string, actorId: string) => void) | null = null;

	private readonly heartbeat: ReturnType<typeof setInterval>;

	constructor(
		readonly registry: RoomRegistry,
		heartbeatMs = HEARTBEAT_MS
	) {
		this.heartbeat = setInterval(() => {
			for (const socket of this.sockets.keys()) socket.send(HEARTBEAT);
		}, heartbeatMs);
		this.heartbeat.unref?.();
	}

	get connectionCount(): number {
		return this.sockets.size;
	}

	async handleConnection(socket: RealtimeSocket, access: Access): Promise<void> {
		if (this.closing) return socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
		this.sockets.set(socket, access);
		const early = holdEarlyMessages(socket);
		let closed = false;
		let detach = () => {};
		// Registered before the room loads: a socket that closes meanwhile must not leak a holder.
		socket.onClose(() => {
			closed = true;
			this.sockets.delete(socket);
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
		const connection = room.connect(early, access.identity, access.canWrite);
		detach = () => {
			room.disconnect(connection);
			this.registry.release(room);
		};
	}

	/**
	 * Closes a person's sockets on one gathering after their rights changed (removed, left,
	 * appointed or relieved as note-taker); their client reconnects and is authorised anew.
	 */
	disconnectPerson(gatheringId: string, actorId: string): void {
		this.onDisconnectPerson?.(gatheringId, actorId);
		this.disconnectLocal(gatheringId, actorId);
	}

	disconnectLocal(gatheringId: string, actorId: string): void {
		for (const [socket, access] of this.sockets) {
			if (access.gatheringId === gatheringId && access.identity.actor.id === actorId) {
				socket.close(CLOSE.rightsChanged.code, CLOSE.rightsChanged.reason);
			}
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
