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
import type { GuestSessionCache } from '../auth/guest-cache';
import { actorOf, identify, type OwnerLookup } from '../auth/identity';
import { validateGuestSession, validateUserSession } from '../auth/sessions';
import { facilitatorName } from '../auth/accounts';
import { USER_SESSION_COOKIE, guestCookieName } from '../auth/cookies';
import type { RealtimeServer, Access } from './server';
import { CLOSE } from '$lib/protocol/close-codes';
import { PROTOCOL_PARAM, speaksCurrentProtocol } from '$lib/protocol/version';
import { MAX_MESSAGE_BYTES, wsSocket } from './socket';

export const REALTIME_PATH_PREFIX = '/realtime/';

type Refusal = { refused: (typeof CLOSE)[keyof typeof CLOSE] };

export type UpgradeOptions = { db: Db; owners: OwnerLookup; guests: GuestSessionCache; realtime: RealtimeServer; origin: string | null };

export function createUpgradeHandler(options: UpgradeOptions) {
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
		authorise(options, request, url, gatheringId).then(
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

async function authorise(options: UpgradeOptions, request: IncomingMessage, url: URL, gatheringId: string): Promise<Access | Refusal> {
	if (!sameOrigin(request, options.origin)) return { refused: CLOSE.forbidden };
	if (!/^[a-z2-7]{26}$/.test(gatheringId)) return { refused: CLOSE.notFound };
	// Before the session is read: a page built for another protocol reloads whoever it is.
	if (!speaksCurrentProtocol(url.searchParams.get(PROTOCOL_PARAM))) return { refused: CLOSE.protocolMismatch };
	const { db, guests } = options;
	const cookies = parseCookies(request.headers.cookie ?? '');
	const person = await identify(options.owners, gatheringId, {
		user: async () => (await validateUserSession(db, cookies.get(USER_SESSION_COOKIE)))?.owner ?? null,
		guest: async () => (await validateGuestSession(db, guests, cookies.get(guestCookieName(gatheringId))))?.owner ?? null
	});
	if (!person) return { refused: CLOSE.notFound };
	if (person.role === 'nobody') return { refused: person.signedIn ? CLOSE.forbidden : CLOSE.unauthenticated };
	const actor = actorOf(person);
	const name = person.role === 'facilitator' ? facilitatorName(person.user) : person.participant.displayName;
	// Note-takers the facilitator appointed co-edit the notes: the only participants who may write.
	return { gatheringId, canWrite: person.role !== 'participant', identity: { actor, name, role: person.role } };
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
