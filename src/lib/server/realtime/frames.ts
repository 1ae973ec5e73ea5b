/**
 * Encoding and decoding of realtime frames (the message kinds are in $lib/protocol/messages.ts,
 * shared with the browser). Decoding is the first boundary a client's bytes cross.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE } from '$lib/protocol/messages';

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
	| { type: 'queryAwareness' };

export class MalformedMessage extends Error {}

/**
 * Reads a client's message. Throws on anything a stock client does not send: unknown types
 * (including `auth`, which only servers send), truncated frames, a state vector that does not
 * decode. Decoding reads each byte once, so its cost follows the frame's length.
 */
export function decodeMessage(data: Uint8Array): Incoming {
	const decoder = decoding.createDecoder(data);
	const kind = decoding.readVarUint(decoder);
	if (kind === MESSAGE.sync) {
		const sub = decoding.readVarUint(decoder);
		if (sub === syncProtocol.messageYjsSyncStep1) {
			const stateVector = decoding.readVarUint8Array(decoder);
			// Checked now, not when the answer is encoded after the writes have drained.
			Y.decodeStateVector(stateVector);
			return { type: 'syncStep1', stateVector };
		}
		if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
			return { type: 'update', update: decoding.readVarUint8Array(decoder), step2: sub === syncProtocol.messageYjsSyncStep2 };
		}
		throw new MalformedMessage(`unknown sync message ${sub}`);
	}
	if (kind === MESSAGE.awareness) return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
	if (kind === MESSAGE.queryAwareness) return { type: 'queryAwareness' };
	throw new MalformedMessage(`unknown message type ${kind}`);
}

export type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

/** Awareness as the server itself encodes it (from a room's trusted state; see awareness-input.ts for clients'). */
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
