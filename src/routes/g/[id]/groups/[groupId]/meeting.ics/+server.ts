import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganiser } from '$lib/server/gatherings/access';
import { findGroup } from '$lib/server/nazit/groups';
import { listParticipants } from '$lib/server/gatherings/store';
import { toICalendar } from '$lib/server/export/ics';
import { download } from '$lib/server/export/download';

/** A follow-up group's proposed meeting, as a calendar event (404 while it has no date). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const gathering = await requireOrganiser(locals, params.id);
	const group = await findGroup(locals.runtime.database.db, gathering.id, params.groupId);
	if (!group?.date) error(404);
	const contact = group.contactId ? (await listParticipants(locals.runtime.database.db, gathering.id)).find((p) => p.id === group.contactId) : undefined;
	const ics = toICalendar({
		uid: `${group.id}@opentafel`,
		summary: group.topicTitle,
		description: `${gathering.title}${contact ? `\n${contact.displayName}` : ''}`,
		location: group.place,
		date: group.date,
		time: group.time,
		stamp: new Date(),
		organiserName: contact?.displayName ?? null
	});
	return download(ics, 'text/calendar; charset=utf-8', `${gathering.joinCode}-meeting.ics`);
};
