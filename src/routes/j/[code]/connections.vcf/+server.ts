import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { gatheringFor } from '$lib/server/gatherings/by-code';
import { currentGuest } from '$lib/server/gatherings/guest';
import { loadNazit } from '$lib/server/nazit/store';
import { connectionCards } from '$lib/server/export/contacts';
import { toVCards } from '$lib/server/export/vcard';
import { download } from '$lib/server/export/download';
import { m } from '$lib/paraglide/messages';

/** A participant's own mutual connections, as contact cards. */
export const GET: RequestHandler = async (event) => {
	const gathering = await gatheringFor(event, '/connections.vcf');
	const guest = await currentGuest(event.locals.runtime.database.db, event.locals.runtime.guests, event.cookies, gathering, event.locals.secureCookies);
	if (!guest) error(403, m.error_forbidden_export());
	const rows = await loadNazit(event.locals.runtime.database.db, gathering.id);
	return download(toVCards(connectionCards(rows, guest.participant.id, gathering.title)), 'text/vcard; charset=utf-8', `${gathering.joinCode}-connections.vcf`);
};
