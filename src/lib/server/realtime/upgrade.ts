/**
 * The one place WebSocket upgrades arrive, from `server.js` in production and from the Vite
 * plugin in development. `/realtime/<gatheringId>` is authorised here from the session
 * cookies: the facilitator who runs the gathering gets a write connection, a participant of
 * it a read-only one, anyone else a named refusal. The decision is made once, when the
 * socket opens (authorise connections, not bytes).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Db } from '../db/client';
import { ownerOfGathering } from '../gatherings/owners';
import { validateGuestSession, validateUserSession } from '../auth/sessions';
import { facilitatorName } from '../auth/accounts';
import { USER_SESSION_COOKIE, guestCookieName } from '../auth/cookies';
import type { RealtimeServer, Access } from './server';
import { CLOSE, MAX_MESSAGE_BYTES, wsSocket } from './socket';

export const REALTIME_PATH_PREFIX = '/realtime/';

type Refusal = { refused: (typeof CLOSE)[keyof typeof CLOSE] };

export function createUpgradeHandler(options: { db: Db; realtime: RealtimeServer; origin: string | null }) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

	return function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		// Once upgraded the socket is ours: an error on it (a phone dropping mid-handshake) must
		// not become an uncaught exception.
		socket.on('error', () => socket.destroy());
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith(REALTIME_PATH_PREFIX)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const gatheringId = url.pathname.slice(REALTIME_PATH_PREFIX.length);
		authorise(options.db, request, gatheringId, options.origin).then(
			(access) =>
				wss.handleUpgrade(request, socket, head, (ws) => {
					// Refusals are made after the handshake, so the client sees a close code, not a bare failure.
					if ('refused' in access) {
						ws.on('error', () => {});
						ws.close(access.refused.code, access.refused.reason);
					} else void options.realtime.handleConnection(wsSocket(ws), access);
				}),
			() => socket.destroy()
		);
	};
}

async function authorise(db: Db, request: IncomingMessage, gatheringId: string, origin: string | null): Promise<Access | Refusal> {
	if (!sameOrigin(request, origin)) return { refused: CLOSE.forbidden };
	if (!/^[a-z2-7]{26}$/.test(gatheringId)) return { refused: CLOSE.notFound };
	const ownerId = await ownerOfGathering(db, gatheringId);
	if (!ownerId) return { refused: CLOSE.notFound };
	const cookies = parseCookies(request.headers.cookie ?? '');

	const user = await validateUserSession(db, cookies.get(USER_SESSION_COOKIE));
	if (user && user.owner.id === ownerId) {
		return {
			gatheringId,
			canWrite: true,
			identity: { actor: { kind: 'facilitator', id: user.owner.id }, name: facilitatorName(user.owner), role: 'facilitator' }
		};
	}
	const guest = await validateGuestSession(db, cookies.get(guestCookieName(gatheringId)));
	if (guest && guest.owner.gatheringId === gatheringId) {
		const p = guest.owner;
		// Note-takers the facilitator appointed co-edit the notes: the only participants who may write.
		return {
			gatheringId,
			canWrite: p.noteTaker,
			identity: { actor: { kind: 'participant', id: p.id, name: p.displayName }, name: p.displayName, role: p.noteTaker ? 'note-taker' : 'participant' }
		};
	}
	return { refused: user || guest ? CLOSE.forbidden : CLOSE.unauthenticated };
}

/**
 * Browsers send cookies with WebSocket handshakes from any page; a socket opened by another
 * site must not ride on them (cross-site WebSocket hijacking).
 */
function sameOrigin(request: IncomingMessage, configured: string | null): boolean {
	const from = request.headers.origin;
	if (!from) return true; // not a browser; it holds the cookie itself
	if (configured) return from === configured;
	try {
		return new URL(from).host === request.headers.host;
	} catch {
		return false;
	}
}

function parseCookies(header: string): Map<string, string> {
	const cookies = new Map<string, string>();
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at <= 0) continue;
		try {
			cookies.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
		} catch {
			// A malformed cookie is no cookie.
		}
	}
	return cookies;
}
