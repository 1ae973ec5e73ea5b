/**
 * The y-websocket wire protocol, as the stock `WebsocketProvider` speaks it. Every message
 * starts with a varuint type: 0 sync (y-protocols/sync: step 1 = state vector, step 2 and
 * update = Yjs updates), 1 awareness (y-protocols/awareness update), 3 query awareness.
 * The server answers a client's step 1 with step 2 and sends its own step 1, so that both
 * sides end with the union of their states — except that here, read-only clients may not
 * contribute anything to that union.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.awareness);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export type Incoming =
	| { type: 'syncStep1'; stateVector: Uint8Array }
	| { type: 'update'; update: Uint8Array; step2: boolean }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'queryAwareness' }
	| { type: 'unknown' };

export function decodeMessage(data: Uint8Array): Incoming {
	const decoder = decoding.createDecoder(data);
	const kind = decoding.readVarUint(decoder);
	if (kind === MESSAGE.sync) {
		const sub = decoding.readVarUint(decoder);
		if (sub === syncProtocol.messageYjsSyncStep1) return { type: 'syncStep1', stateVector: decoding.readVarUint8Array(decoder) };
		if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
			return { type: 'update', update: decoding.readVarUint8Array(decoder), step2: sub === syncProtocol.messageYjsSyncStep2 };
		}
		return { type: 'unknown' };
	}
	if (kind === MESSAGE.awareness) return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
	if (kind === MESSAGE.queryAwareness) return { type: 'queryAwareness' };
	return { type: 'unknown' };
}

/**
 * Whether an update would change `doc`. Read-only clients answer our step 1 with a step 2
 * that carries no new structs but always their whole delete set — deletions we made
 * ourselves and sent them. Only structs we lack, or deletions we have not made, are a
 * write attempt.
 */
export function updateChangesDoc(doc: Y.Doc, update: Uint8Array): boolean {
	const decoded = Y.decodeUpdate(update);
	if (decoded.structs.some((s) => !(s instanceof Y.Skip))) return true;
	if (decoded.ds.clients.size === 0) return false;
	const known = Y.createDeleteSetFromStructStore(doc.store);
	for (const [client, ranges] of decoded.ds.clients) {
		for (const { clock, len } of ranges) {
			for (let c = clock; c < clock + len; c++) if (!Y.isDeleted(known, { client, clock: c } as Y.ID)) return true;
		}
	}
	return false;
}

export type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const n = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < n; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = JSON.parse(decoding.readVarString(decoder));
		entries.push({ clientId, clock, state: state && typeof state === 'object' ? state : null });
	}
	return entries;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, JSON.stringify(e.state));
	}
	return encoding.toUint8Array(encoder);
}
