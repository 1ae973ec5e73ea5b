import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isFacilitatorCommand } from '$lib/board/commands';
import type { Actor } from '$lib/board/types';
import { ownerOfGathering } from '$lib/server/gatherings/owners';
import { currentGuest } from '$lib/server/gatherings/guest';
import { commandErrorText } from '$lib/i18n/command-errors';

/**
 * `POST { id, type, args }`. Who acts comes from the session, never from the body: the
 * facilitator who runs the gathering for facilitator commands, the participant whose guest
 * cookie belongs to this gathering for the others.
 */
export const POST: RequestHandler = async ({ locals, params, request, cookies }) => {
	// JSON only: a cross-site page cannot send it without a CORS preflight, which we never grant.
	if (!request.headers.get('content-type')?.startsWith('application/json')) {
		return json({ ok: false, error: 'invalid_command', message: commandErrorText('invalid_command') }, { status: 415 });
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json({ ok: false, error: 'invalid_command', message: commandErrorText('invalid_command') }, { status: 400 });
	}
	const db = locals.runtime.database.db;
	const ownerId = await ownerOfGathering(db, params.id);
	if (!ownerId) return json({ ok: false, error: 'not_found', message: commandErrorText('not_found') }, { status: 404 });

	const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
	let actor: Actor | null = null;
	if (typeof type === 'string' && isFacilitatorCommand(type)) {
		if (locals.user?.id === ownerId) actor = { kind: 'facilitator', id: locals.user.id };
	} else {
		const guest = await currentGuest(db, cookies, { id: params.id }, locals.secureCookies);
		if (guest) actor = { kind: 'participant', id: guest.participant.id, name: guest.participant.displayName };
	}
	if (!actor) return json({ ok: false, error: 'forbidden', message: commandErrorText('forbidden') }, { status: 403 });

	const result = await locals.runtime.commands.execute(params.id, actor, body);
	const payload = result.body.ok ? result.body : { ...result.body, message: commandErrorText(result.body.error) };
	return json(payload, { status: result.status, headers: { 'cache-control': 'no-store' } });
};
