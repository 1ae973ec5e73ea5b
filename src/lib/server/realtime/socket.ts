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
