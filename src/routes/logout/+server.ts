import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { invalidateSession } from '$lib/server/auth/sessions';
import { USER_SESSION_COOKIE, clearSessionCookie } from '$lib/server/auth/cookies';

/** POST only: a log-out link that a GET could trigger would let any page log you out. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.sessionId) await invalidateSession(locals.runtime.database.db, locals.runtime.guests, locals.sessionId);
	clearSessionCookie(cookies, USER_SESSION_COOKIE, locals.secureCookies);
	redirect(303, '/');
};
