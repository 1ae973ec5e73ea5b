/**
 * Who may open a gathering's facilitator pages and downloads. The console's pages answer 404
 * to anyone but the facilitator who runs the gathering, so ids cannot be probed for existence;
 * a file endpoint answers 403 to anyone else, signed in or not: the link is shared among
 * organisers and a plain refusal is clearer than a redirect.
 */
import { error } from '@sveltejs/kit';
import type { User, Gathering } from '../db/schema';
import { personIn } from '../auth/identity';
import { requireUser } from '../auth/guards';
import { findGatheringById } from './store';
import { m } from '$lib/paraglide/messages';

export async function requireOwnGathering(locals: App.Locals, id: string): Promise<{ user: User; gathering: Gathering }> {
	const user = requireUser(locals);
	const gathering = await findGatheringById(locals.runtime.database.db, id);
	if (!gathering || personIn(gathering, { user }).role !== 'facilitator') error(404, m.error_not_found());
	return { user, gathering };
}

export async function requireOrganiser(locals: App.Locals, gatheringId: string): Promise<Gathering> {
	const gathering = locals.user ? await findGatheringById(locals.runtime.database.db, gatheringId) : null;
	if (!gathering || personIn(gathering, { user: locals.user }).role !== 'facilitator') error(403, m.error_forbidden_export());
	return gathering;
}
