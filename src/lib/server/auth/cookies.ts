/**
 * Cookie names and attributes. The facilitator's session has one cookie; each gathering a
 * phone has joined has its own guest cookie, so a guest session can never be presented to
 * another gathering and a laptop can be facilitator and participant at once.
 */
import type { Cookies } from '@sveltejs/kit';

export const USER_SESSION_COOKIE = 'ot_session';

export function guestCookieName(gatheringId: string): string {
	return `ot_g_${gatheringId}`;
}

export function setSessionCookie(
	cookies: Cookies,
	name: string,
	token: string,
	expiresAt: Date,
	secure: boolean
): void {
	cookies.set(name, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies, name: string, secure: boolean): void {
	cookies.delete(name, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
