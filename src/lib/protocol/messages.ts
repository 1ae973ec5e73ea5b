/**
 * The realtime socket speaks the y-websocket protocol as the stock `WebsocketProvider` does.
 * Every message starts with a varuint type: 0 sync (y-protocols/sync: step 1 carries a state
 * vector, step 2 and update carry Yjs updates), 1 awareness (y-protocols/awareness), 2 auth
 * (only ever sent by servers), 3 query awareness. A client's step 1 is answered with step 2,
 * and the server sends its own step 1, so both sides end with the union of their states —
 * except that read-only connections (participants) may not add anything to that union:
 * they change the board only through commands (commands.ts).
 */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Sub-types of a sync message, in wire order. */
export const SYNC_MESSAGE = { step1: 0, step2: 1, update: 2 } as const;

/** What a message is, for limits, logs and metrics: read from its first two bytes only. */
export type MessageKind = 'sync-step1' | 'sync-step2' | 'sync-update' | 'awareness' | 'query-awareness' | 'auth' | 'unknown';

export function messageKind(data: Uint8Array): MessageKind {
	// Single-byte varuints cover every known type; anything longer is unknown anyway.
	if (data[0] === MESSAGE.sync) return (['sync-step1', 'sync-step2', 'sync-update'] as const)[data[1]] ?? 'unknown';
	if (data[0] === MESSAGE.awareness) return 'awareness';
	if (data[0] === MESSAGE.queryAwareness) return 'query-awareness';
	if (data[0] === MESSAGE.auth) return 'auth';
	return 'unknown';
}
