import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganiser } from '$lib/server/gatherings/access';
import { findGroup } from '$lib/server/nazit/groups';
import { loadNazit } from '$lib/server/nazit/store';
import { groupCards } from '$lib/server/export/contacts';
import { toVCards } from '$lib/server/export/vcard';
import { download } from '$lib/server/export/download';

/** The consented contacts of a follow-up group's members, for its organisers. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const gathering = await requireOrganiser(locals, params.id);
	const group = await findGroup(locals.runtime.database.db, gathering.id, params.groupId);
	if (!group) error(404);
	const rows = await loadNazit(locals.runtime.database.db, gathering.id);
	return download(toVCards(groupCards(rows, group.topicId, gathering.title)), 'text/vcard; charset=utf-8', `${gathering.joinCode}-group.vcf`);
};
