import { error, redirect } from '@sveltejs/kit';
import type { User, Gathering } from '../db/schema';
import { findGatheringById } from '../gatherings/store';
import { personIn } from './identity';
import { m } from '$lib/paraglide/messages';

/** The logged-in facilitator, or a redirect to the log-in page. */
export function requireUser(locals: App.Locals): User {
	if (!locals.user) redirect(303, '/login');
	return locals.user;
}

export function requireAdmin(locals: App.Locals): User {
	const user = requireUser(locals);
	if (!user.isAdmin) error(403, m.error_forbidden());
	return user;
}

/**
 * The gathering, only for the facilitator who runs it. Anyone else gets 404, not 403, so
 * gathering ids cannot be probed for existence.
 */
export async function requireOwnGathering(locals: App.Locals, id: string): Promise<{ user: User; gathering: Gathering }> {
	const user = requireUser(locals);
	const gathering = await findGatheringById(locals.runtime.database.db, id);
	if (!gathering || personIn(gathering, { user }).role !== 'facilitator') error(404, m.error_not_found());
	return { user, gathering };
}
