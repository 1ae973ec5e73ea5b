import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { extractLocaleFromRequest, overwriteServerAsyncLocalStorage, type Locale } from '$lib/paraglide/runtime';
import { getRuntime } from '$lib/server/runtime';
import { validateUserSession } from '$lib/server/auth/sessions';
import { USER_SESSION_COOKIE, setSessionCookie, clearSessionCookie } from '$lib/server/auth/cookies';
import { m } from '$lib/paraglide/messages';
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';

/** Opens the database and applies migrations before the first request is served. */
export const init: ServerInit = async () => {
	await getRuntime();
};

/**
 * The request's language (cookie, then Accept-Language, then Dutch) for every message rendered
 * while answering it. Paraglide's ready-made middleware does this too, but first copies each
 * request, body stream and all, to support languages in the URL, which Open Tafel does not use
 * (LOCALE_STRATEGY in vite.config.ts); on the command endpoint that copy cost more than
 * the command. Only the request-scoped store the messages read is needed.
 */
const localeStore = new AsyncLocalStorage<{ locale?: Locale; origin?: string; messageCalls?: Set<string> }>();
overwriteServerAsyncLocalStorage(localeStore);

const locale: Handle = ({ event, resolve }) => {
	const locale = extractLocaleFromRequest(event.request);
	return localeStore.run({ locale, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) })
	);
};

const session: Handle = async ({ event, resolve }) => {
	const runtime = await getRuntime();
	event.locals.runtime = runtime;
	event.locals.secureCookies = event.url.protocol === 'https:';
	event.locals.user = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(USER_SESSION_COOKIE);
	if (token) {
		const valid = await validateUserSession(runtime.database.db, token);
		if (valid) {
			event.locals.user = valid.owner;
			event.locals.sessionId = valid.sessionId;
			if (valid.renewed) {
				setSessionCookie(event.cookies, USER_SESSION_COOKIE, token, valid.expiresAt, event.locals.secureCookies);
			}
		} else {
			clearSessionCookie(event.cookies, USER_SESSION_COOKIE, event.locals.secureCookies);
		}
	}
	return resolve(event);
};

/** Headers the CSP (configured in svelte.config.js) does not cover. */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	// Join links carry the gathering's code: never send them to another site.
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), geolocation=(), payment=(), microphone=(self)');
	if (!headers.has('Content-Security-Policy')) {
		// Endpoints (JSON, SVG) get a CSP too; pages get the fuller one from kit.csp.
		headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	}
	return response;
};

/**
 * Every request gets an id: the proxy's X-Request-Id when it looks like one, else a new one.
 * It is sent back and, with LOG_FORMAT=json, logged with the route (its pattern, not the
 * path: join codes stay out of the logs), the status and the time taken.
 */
const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	const log = (await getRuntime()).log;
	if (log.format === 'json') {
		const ms = Math.round((performance.now() - started) * 10) / 10;
		log.info('request', { requestId: event.locals.requestId, method: event.request.method, route: event.route.id ?? null, status: response.status, ms });
	}
	return response;
};

export const handle: Handle = sequence(requestLog, securityHeaders, locale, session);

/** Unexpected errors are logged here and reach the browser as a generic, translated message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) {
		const log = event.locals.runtime?.log;
		if (log?.format === 'json') log.error('unexpected error', { requestId: event.locals.requestId, method: event.request.method, route: event.route.id ?? null, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
		else console.error(`${event.request.method} ${event.url.pathname}:`, error);
	}
	return { message: status === 404 ? m.error_not_found() : m.error_unexpected() };
};
