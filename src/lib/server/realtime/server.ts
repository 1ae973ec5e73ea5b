/**
 * Connections to boards. Authorisation has already happened (see upgrade.ts): this module
 * gets a socket, who is on it and whether they may write, and keeps it attached to the
 * gathering's room until it closes.
 */
import { NotFoundError, type RoomRegistry } from './registry';
import type { Identity } from './room';
import { CLOSE, type RealtimeSocket } from './socket';

export type Access = { gatheringId: string; identity: Identity; canWrite: boolean };

export class RealtimeServer {
	private readonly sockets = new Map<RealtimeSocket, Access>();
	private closing = false;

	constructor(readonly registry: RoomRegistry) {}

	get connectionCount(): number {
		return this.sockets.size;
	}

	async handleConnection(socket: RealtimeSocket, access: Access): Promise<void> {
		if (this.closing) return socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
		this.sockets.set(socket, access);
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
		const connection = room.connect(socket, access.identity, access.canWrite);
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
		for (const [socket, access] of this.sockets) {
			if (access.gatheringId === gatheringId && access.identity.actor.id === actorId) {
				socket.close(CLOSE.rightsChanged.code, CLOSE.rightsChanged.reason);
			}
		}
	}

	/** Shutdown, step one: every socket is told the server is going away; clients reconnect elsewhere or later. */
	disconnectAll(): void {
		this.closing = true;
		for (const socket of this.sockets.keys()) socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
	}

	/** Shutdown, step two (after in-flight requests finished): commit what is queued, destroy every room. */
	async close(): Promise<void> {
		this.disconnectAll();
		await this.registry.close();
	}
}
