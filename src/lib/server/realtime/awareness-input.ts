/**
 * Awareness from a client, reduced to what the board uses it for.
 *
 * What awareness is for here: the console shows which people have the board open, and which
 * kind of screen (phone, console, projector). The server stamps who someone is from their
 * session (`user`); the only thing a client says about itself is its `screen`. Everything
 * else a client puts in its state is dropped, so no client can make the server hold, re-encode
 * or forward bytes of its choosing to the facilitator's screen.
 *
 * An awareness update (y-protocols/awareness) is: varuint entries, per entry { varuint
 * clientId, varuint clock, varstring JSON state }. Limits, all checked before anything is
 * kept: a few entries per message, a few client ids per connection, a small JSON text per
 * state (parsed only after its length is checked, so its depth is bounded by its size).
 * A message over a limit throws `AwarenessRefused`; the caller closes the socket.
 */
import * as decoding from 'lib0/decoding';

/** One browser tab is one awareness client; a second covers a provider replaced in place. Further ids are ignored. */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 2;
/** Bytes of one state's JSON text. The stock client's `{"screen":"projector"}` is 22. */
export const MAX_AWARENESS_STATE_BYTES = 1024;
export const SCREENS = ['phone', 'console', 'projector'] as const;
export type Screen = (typeof SCREENS)[number];

export class AwarenessRefused extends Error {}

/** A client's entry, as it may be kept: the state holds `screen` only, or is null (gone). */
export type ClientAwareness = { clientId: number; clock: number; state: { screen?: Screen } | null };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an awareness message, keeping the entries `wanted` says yes to. The stock client
 * sends back every state it receives (the facilitator's console echoes the whole hall's
 * presence), so entries for other clients are normal and skipped unread: their JSON is
 * never parsed. Every state, kept or not, must be within MAX_AWARENESS_STATE_BYTES.
 */
export function readClientAwareness(update: Uint8Array, wanted: (clientId: number, removal: boolean) => boolean): ClientAwareness[] {
	const decoder = decoding.createDecoder(update);
	const n = decoding.readVarUint(decoder);
	const entries: ClientAwareness[] = [];
	for (let i = 0; i < n; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		// Awareness client ids are 32-bit; larger ones would not survive the stock client's encoding.
		if (clientId > 0xffffffff) throw new AwarenessRefused('awareness client id out of range');
		const length = decoding.readVarUint(decoder);
		if (length > MAX_AWARENESS_STATE_BYTES) throw new AwarenessRefused(`awareness state of ${length} bytes`);
		const bytes = decoding.readUint8Array(decoder, length);
		// `null` is how y-protocols encodes a removed state.
		const removal = length === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c;
		if (wanted(clientId, removal)) entries.push({ clientId, clock, state: removal ? null : keptState(parseJson(bytes)) });
	}
	return entries;
}

function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(utf8.decode(bytes));
	} catch {
		throw new AwarenessRefused('awareness state is not JSON in UTF-8');
	}
}

function keptState(parsed: unknown): ClientAwareness['state'] {
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
	const screen = (parsed as { screen?: unknown }).screen;
	return SCREENS.includes(screen as Screen) ? { screen: screen as Screen } : {};
}
