/**
 * The realtime core talks to this tiny socket interface, not to `ws`: tests use an
 * in-memory pair, benchmarks drive it without a browser, production wraps a WebSocket.
 */
import type { WebSocket } from 'ws';

export interface RealtimeSocket {
	send(data: Uint8Array): void;
	close(code: number, reason: string): void;
	onMessage(listener: (data: Uint8Array) => void): void;
	onClose(listener: () => void): void;
}

/** Named close codes (4000–4999 are ours); a client can tell a refusal from a network blip. */
export const CLOSE = {
	goingAway: { code: 1001, reason: 'server going away' },
	tooBig: { code: 1009, reason: 'message too big' },
	malformed: { code: 4400, reason: 'malformed or over-limit message' },
	unauthenticated: { code: 4401, reason: 'not signed in to this gathering' },
	forbidden: { code: 4403, reason: 'not allowed' },
	notFound: { code: 4404, reason: 'no such gathering' },
	readOnly: { code: 4409, reason: 'read-only connection: change the board with commands' },
	tooMany: { code: 4429, reason: 'too many messages' },
	rightsChanged: { code: 4410, reason: 'your rights in this gathering changed, reconnect' },
	reload: { code: 4500, reason: 'board reloaded, please resync' }
} as const;

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export function wsSocket(ws: WebSocket): RealtimeSocket {
	// A protocol error (say, a message over maxPayload) is emitted as 'error' before the
	// close; unhandled, it would take the whole process down with every other room.
	ws.on('error', () => {});
	return {
		send: (data) => {
			if (ws.readyState === ws.OPEN) ws.send(data);
		},
		close: (code, reason) => ws.close(code, reason),
		// The realtime server listens as soon as it has the socket and holds what arrives while
		// the board loads (holdEarlyMessages in server.ts).
		onMessage: (listener) =>
			ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
				if (!isBinary || Array.isArray(data)) return;
				listener(data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
			}),
		onClose: (listener) => ws.on('close', listener)
	};
}
