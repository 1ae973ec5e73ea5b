import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CLOSE, MAX_MESSAGE_BYTES, wsSocket } from '../../src/lib/server/realtime/socket';

/** Just enough of a `ws` WebSocket: events in, sends and closes recorded. */
function fakeWs() {
	const ws = new EventEmitter() as EventEmitter & { OPEN: 1; readyState: number; closed: number[]; send(d: Uint8Array): void; close(code: number): void };
	Object.assign(ws, { OPEN: 1, readyState: 1, closed: [], send() {}, close: (code: number) => ws.closed.push(code) });
	return ws;
}

describe('wsSocket', () => {
	it('holds messages that arrive before the core listens and delivers them in order', () => {
		const ws = fakeWs();
		const socket = wsSocket(ws as unknown as WebSocket);
		ws.emit('message', Buffer.from([0, 0, 1, 0]), true);
		ws.emit('message', Buffer.from([1, 2]), true);
		const seen: number[][] = [];
		socket.onMessage((data) => seen.push([...data]));
		ws.emit('message', Buffer.from([3]), true);
		expect(seen).toEqual([[0, 0, 1, 0], [1, 2], [3]]);
	});

	it('closes a client that sends more than one message worth before the room is ready', () => {
		const ws = fakeWs();
		wsSocket(ws as unknown as WebSocket);
		ws.emit('message', Buffer.alloc(MAX_MESSAGE_BYTES), true);
		ws.emit('message', Buffer.alloc(1), true);
		expect(ws.closed).toEqual([CLOSE.tooBig.code]);
	});
});
