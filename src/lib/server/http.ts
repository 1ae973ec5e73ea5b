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

export type BodyResult = { ok: true; text: string } | { ok: false; error: 'too_large' | 'unreadable' };

/**
 * A request body of at most `maxBytes`, as UTF-8 text. The cost follows what is allowed, not
 * what a client sends: a declared length over the limit is refused before a byte is read, and
 * a body without one (chunked) is read only until it passes the limit. adapter-node's own
 * BODY_SIZE_LIMIT, when smaller, ends the stream with a 413 error, reported here the same way.
 *
 * The stream is left unread rather than cancelled: cancelling destroys the request and with
 * it the socket, before the refusal could be sent. Answer a refusal with `CLOSE_CONNECTION`
 * so Node closes the socket after it instead of draining the rest to keep the connection.
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyResult> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, error: 'too_large' };
	if (!request.body) return { ok: true, text: '' };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) return { ok: false, error: 'too_large' };
			chunks.push(value);
		}
	} catch (error) {
		const status = (error as { status?: unknown } | null)?.status;
		return { ok: false, error: status === 413 ? 'too_large' : 'unreadable' };
	} finally {
		reader.releaseLock();
	}
	return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}

/** Headers of an answer sent before the body was read to its end (see `readBody`). */
export const CLOSE_CONNECTION = { connection: 'close' } as const;

/**
 * Tells the client when to try again: a `Retry-After` header in whole seconds (rounded up, at
 * least 1), also returned for the page's message. Call it once per request.
 */
export function retryAfter(event: Pick<RequestEvent, 'setHeaders'>, waitMs: number): number {
	const seconds = Math.max(1, Math.ceil(waitMs / 1000));
	event.setHeaders({ 'retry-after': String(seconds) });
	return seconds;
}
