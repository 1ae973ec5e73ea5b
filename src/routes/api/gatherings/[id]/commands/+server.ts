import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { MAX_COMMAND_BODY_BYTES, isFacilitatorCommand } from '$lib/board/commands';
import { statusOf, type CommandError } from '$lib/board/errors';
import { actorOf, identify, type Credentials } from '$lib/server/auth/identity';
import { currentGuest } from '$lib/server/gatherings/guest';
import { CLOSE_CONNECTION, readBody } from '$lib/server/http';
import { commandErrorText } from '$lib/i18n/command-errors';
import { PROTOCOL_HEADER, speaksCurrentProtocol } from '$lib/protocol/version';
import type { CommandRefused, CommandResponse } from '$lib/protocol/commands';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** A refusal, with the status the one table in `board/errors.ts` gives its code. */
function refuse(error: CommandError, headers: Record<string, string> = {}): Response {
	return json({ ok: false, error, message: commandErrorText(error) } satisfies CommandRefused, { status: statusOf(error), headers: { ...NO_STORE, ...headers } });
}

/**
 * `POST { id, type, args }` (the contract: $lib/protocol/commands.ts). Who acts comes from the session, never from the body: the
 * facilitator who runs the gathering for facilitator commands, the participant whose guest
 * cookie belongs to this gathering for the others.
 */
export const POST: RequestHandler = async ({ locals, params, request, cookies }) => {
	// JSON only: a cross-site page cannot send it without a CORS preflight, which we never grant.
	if (!request.headers.get('content-type')?.startsWith('application/json')) return refuse('not_json');
	// A page built for another protocol may mean something else by the same bytes: it reloads first.
	if (!speaksCurrentProtocol(request.headers.get(PROTOCOL_HEADER))) return refuse('protocol_mismatch');
	const read = await readBody(request, MAX_COMMAND_BODY_BYTES);
	if (!read.ok) return read.error === 'too_large' ? refuse('too_large', CLOSE_CONNECTION) : refuse('invalid_command');
	let body: unknown;
	try {
		body = JSON.parse(read.text);
	} catch {
		return refuse('invalid_command');
	}
	const { runtime } = locals;
	const db = runtime.database.db;
	// Only the credential the command's type calls for is asked (auth/identity.ts decides).
	const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
	const credentials: Credentials =
		typeof type === 'string' && isFacilitatorCommand(type)
			? { user: () => locals.user }
			: { guest: async () => (await currentGuest(db, runtime.guests, cookies, { id: params.id }, locals.secureCookies))?.participant ?? null };
	const person = await identify(runtime.owners, params.id, credentials);
	if (!person) return refuse('not_found');
	if (person.role === 'nobody') return refuse('forbidden');
	const actor = actorOf(person);

	const result = await runtime.commands.execute(params.id, actor, body);
	if (!result.body.ok) return refuse(result.body.error);
	return json(result.body satisfies CommandResponse, { status: result.status, headers: NO_STORE });
};
