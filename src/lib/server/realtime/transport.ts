/**
 * One client message, from bytes to effect. Room.connect calls `receive` inside the socket's
 * error boundary: a throw here (malformed bytes, a forged write) closes that socket only.
 * Work that continues after the database answered reports its own failure through
 * `connection.fail`. Nothing a client sends costs more than reading its bytes, except a sync
 * step 1, which encodes the board and is limited per socket (limits.ts).
 */
import * as Y from 'yjs';
import { CLOSE } from '$lib/protocol/close-codes';
import type { MessageKind } from '$lib/protocol/messages';
import { ORIGIN_KIND } from '$lib/board/origins';
import { MalformedMessage, decodeMessage } from './frames';
import { prepareWriterUpdate, updateAddsToDoc, updateChangesDoc } from './write-check';
import type { Connection } from './connection';

/** What handling a message needs of the room it arrived in. */
export interface TransportRoom {
	readonly doc: Y.Doc;
	readonly isDestroyed: boolean;
	/** Resolves once everything queued for the database so far is committed. */
	flushed(): Promise<void>;
	/** The sync step 2 answering `stateVector`, from the doc as it is now. */
	syncStep2(stateVector: Uint8Array): Uint8Array;
	/** With several nodes: resolves once the doc holds everything durable (RoomHooks.catchUp). Null on one node. */
	readonly catchUp: (() => Promise<void>) | null;
	acceptAwareness(connection: Connection, update: Uint8Array): void;
	sendPresentStates(connection: Connection): void;
}

export function receive(room: TransportRoom, connection: Connection, data: Uint8Array): void {
	const message = decodeMessage(data);
	switch (message.type) {
		case 'syncStep1':
			return answerSyncStep1(room, connection, message.stateVector);
		case 'update':
			return onClientUpdate(room, connection, message.update, message.step2 ? 'sync-step2' : 'sync-update');
		case 'awareness':
			return room.acceptAwareness(connection, message.update);
		case 'queryAwareness':
			return room.sendPresentStates(connection);
	}
}

/**
 * Answered only with what is durable: a phone never holds state the server could lose. With
 * several nodes, also with everything durable: a phone moving here from another node must not
 * find this one behind.
 */
function answerSyncStep1(room: TransportRoom, connection: Connection, stateVector: Uint8Array) {
	void Promise.all([room.flushed(), room.catchUp?.()])
		.then(
			() => {
				if (room.isDestroyed) return;
				const started = performance.now();
				connection.socket.send(room.syncStep2(stateVector));
				connection.took('sync-step1', performance.now() - started);
			},
			() => connection.socket.close(CLOSE.reload.code, CLOSE.reload.reason)
		)
		.catch((error) => connection.fail('sync-step1', error));
}

function onClientUpdate(room: TransportRoom, connection: Connection, update: Uint8Array, kind: MessageKind) {
	if (connection.canWrite) return applyWrite(room.doc, connection, update);
	// A read-only client answers our step 1 with a step 2 that is normally empty: only changes count.
	if (!updateChangesDoc(room.doc, update)) return;
	if (!room.catchUp) {
		// The client's doc now differs from ours; closing makes it resync from scratch.
		connection.socket.close(CLOSE.readOnly.code, CLOSE.readOnly.reason);
		return;
	}
	// A phone that came from another node may hold changes that node committed and this one
	// has not read yet: only what is still new after reading the log is a write attempt.
	void room
		.catchUp()
		.then(
			() => {
				if (!room.isDestroyed && updateAddsToDoc(room.doc, update)) connection.socket.close(CLOSE.readOnly.code, CLOSE.readOnly.reason);
			},
			() => connection.socket.close(CLOSE.reload.code, CLOSE.reload.reason)
		)
		.catch((error) => connection.fail(kind, error));
}

/**
 * A write connection's update. Yjs keeps what it cannot integrate yet (structs or deletions
 * that depend on something it has not seen) in the store's pending queues and retries them
 * on every later update. An honest writer's updates always build on what it received from
 * us, so anything that would stay pending is a forgery: most of it is refused before Yjs
 * sees it (write-check.ts), the rest is dropped after, never kept to grow and be retried.
 */
function applyWrite(doc: Y.Doc, connection: Connection, update: Uint8Array) {
	const ready = prepareWriterUpdate(doc, update);
	if (!ready) return;
	const store = doc.store;
	const [structsBefore, deletesBefore] = [store.pendingStructs, store.pendingDs];
	Y.applyUpdate(doc, ready, { kind: ORIGIN_KIND.facilitatorEdit, actor: connection.identity.actor, connectionId: connection.id });
	// Still possible: an item whose origin or parent the board does not have.
	if ((store.pendingStructs && store.pendingStructs !== structsBefore) || (store.pendingDs && store.pendingDs !== deletesBefore)) {
		store.pendingStructs = structsBefore;
		store.pendingDs = deletesBefore;
		throw new MalformedMessage('update depends on changes the board does not have');
	}
}
