import type { RequestEvent } from '@sveltejs/kit';

/** The client's address as adapter-node reports it (see ADDRESS_HEADER / XFF_DEPTH behind a proxy). */
export function clientIp(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/**
 * A form field as text, cut to `max` characters: what a refused form echoes back to the page.
 * Files and missing fields read as ''.
 */
export function formText(form: FormData, key: string, max: number): string {
	const value = form.get(key);
	return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The origin to print in join links: ORIGIN when configured, else the one the request came to. */
export function publicOrigin(configured: string | null, url: URL): string {
	return configured ?? url.origin;
}

/**
 * Tells the client when to try again: a `Retry-After` header in whole seconds (rounded up, at
 * least 1), also returned for the page's message. Call it once per request.
 */
export function retryAfter(event: Pick<RequestEvent, 'setHeaders'>, waitMs: number): number {
	const seconds = Math.max(1, Math.ceil(waitMs / 1000));
	event.setHeaders({ 'retry-after': String(seconds) });
	return seconds;
}
