/**
 * The one place WebSocket upgrades arrive, from `server.js` in production and from the Vite
 * plugin in development. The live board's sync server attaches here; until it does, every
 * upgrade is answered 404 so that no socket is left half open.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const REALTIME_PATH_PREFIX = '/realtime/';

export function handleUpgrade(_request: IncomingMessage, socket: Duplex, _head: Buffer): void {
	socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
