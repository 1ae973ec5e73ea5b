/**
 * Downloads for the organisers of a gathering. Unlike the console's pages (which answer 404
 * so ids cannot be probed), a file endpoint answers 403 to anyone else, signed in or not:
 * the link is shared among organisers and a plain refusal is clearer than a redirect.
 */
import { error } from '@sveltejs/kit';
import { findGatheringById } from '../gatherings/store';
import { personIn } from './identity';
import { m } from '$lib/paraglide/messages';

export async function requireOrganiser(locals: App.Locals, gatheringId: string) {
	const gathering = locals.user ? await findGatheringById(locals.runtime.database.db, gatheringId) : null;
	if (!gathering || personIn(gathering, { user: locals.user }).role !== 'facilitator') error(403, m.error_forbidden_export());
	return gathering;
}
