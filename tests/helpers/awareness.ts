import * as decoding from 'lib0/decoding';

export type SentAwareness = { clientId: number; clock: number; state: Record<string, unknown> | null };

/** Reads an awareness update the server sent (y-protocols' layout), states as JSON. */
export function readAwarenessUpdate(update: Uint8Array): SentAwareness[] {
	const decoder = decoding.createDecoder(update);
	const n = decoding.readVarUint(decoder);
	const entries: SentAwareness[] = [];
	for (let i = 0; i < n; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) });
	}
	return entries;
}
