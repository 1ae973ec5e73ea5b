import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/gatherings/access';
import { listParticipants } from '$lib/server/gatherings/store';
import { removeParticipant, renameParticipant, setNoteTaker } from '$lib/server/gatherings/participants';
import { joinInfo } from '$lib/server/gatherings/join-info';
import { formText } from '$lib/server/http';
import { loadNazit } from '$lib/server/nazit/store';
import { listGroups, saveGroup } from '$lib/server/nazit/groups';
import { eraseGathering } from '$lib/server/erasure/erase';
import { boardSnapshot } from '$lib/server/board/snapshot';
import type { Db } from '$lib/server/db/client';

/** Who continues on which topic (ids), the groups, and how many connections there are: no contact details. */
async function nazitSummary(db: Db, gatheringId: string) {
	const [rows, groups] = await Promise.all([loadNazit(db, gatheringId), listGroups(db, gatheringId)]);
	const continuers: Record<string, string[]> = {};
	for (const i of rows.interests) (continuers[i.topicId] ??= []).push(i.participantId);
	return {
		continuers,
		groups: groups.map((g) => ({ id: g.id, topicId: g.topicId, topicTitle: g.topicTitle, contactId: g.contactId, date: g.date, time: g.time, place: g.place })),
		connectionCount: rows.requests.filter((r) => r.status === 'accepted').length
	};
}

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
	depends('app:participants');
	depends('app:nazit');
	const { gathering } = await requireOwnGathering(locals, params.id);
	const db = locals.runtime.database.db;
	return {
		gathering: {
			id: gathering.id,
			title: gathering.title,
			place: gathering.place,
			date: gathering.date,
			phase: gathering.phase,
			dotsPerParticipant: gathering.dotsPerParticipant,
			maxDotsPerTopic: gathering.maxDotsPerTopic,
			retentionDays: gathering.retentionDays,
			erased: gathering.erasedAt !== null
		},
		join: await joinInfo(gathering, { configured: locals.runtime.config.origin, listenHost: locals.runtime.config.listenHost, url }),
		participants: await listParticipants(db, gathering.id),
		nazit: await nazitSummary(db, gathering.id),
		serverNow: Date.now()
	};
};

/** Participant ids and names are short; 200 characters is ample for both. */
const text = (form: FormData, key: string) => formText(form, key, 200);

export const actions: Actions = {
	group: async ({ locals, params, request }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		const form = await request.formData();
		const topicId = text(form, 'topicId');
		const topic = (await boardSnapshot(locals.runtime.boards, gathering.id)).topics.find((t) => t.id === topicId);
		if (!topic) return fail(404, { group: { topicId, error: 'not_found' as const } });
		const saved = await saveGroup(locals.runtime.database.db, gathering.id, {
			topicId,
			topicTitle: topic.title,
			contactId: text(form, 'contactId'),
			date: text(form, 'date'),
			time: text(form, 'time'),
			place: formText(form, 'place', 800)
		});
		if (!saved.ok) return fail(400, { group: { topicId, error: saved.error } });
		return { groupSaved: topicId };
	},
	erase: async ({ locals, params }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		if (gathering.phase !== 'closed') return fail(409, { erase: 'gathering_not_closed' as const });
		const { database, commands, guests } = locals.runtime;
		await eraseGathering({ db: database.db, commands, guests }, gathering.id);
		return { erased: true };
	},
	rename: async ({ locals, params, request }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		const form = await request.formData();
		const participantId = text(form, 'participantId');
		const name = text(form, 'name');
		const result = await renameParticipant(locals.runtime.database.db, locals.runtime.guests, gathering.id, participantId, name);
		if (!result.ok) return fail(400, { participantId, name, error: result.error });
		// Their board connection reconnects and is shown under the new name.
		locals.runtime.realtime.disconnectPerson(gathering.id, participantId);
		await locals.runtime.commands.renamed(gathering.id, participantId, result.name);
		return { renamed: participantId };
	},
	noteTaker: async ({ locals, params, request }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		const form = await request.formData();
		const participantId = text(form, 'participantId');
		const on = text(form, 'noteTaker') === 'on';
		const changed = await setNoteTaker(locals.runtime.database.db, locals.runtime.guests, gathering.id, participantId, on);
		if (!changed) return fail(404, { participantId, name: '', error: 'not_found' as const });
		// Rights are decided when a socket opens: reconnecting gives (or takes) the write connection.
		locals.runtime.realtime.disconnectPerson(gathering.id, participantId);
		return { noteTaker: participantId };
	},
	remove: async ({ locals, params, request }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		const participantId = text(await request.formData(), 'participantId');
		const removed = await removeParticipant(locals.runtime.database.db, locals.runtime.guests, gathering.id, participantId);
		if (!removed) return fail(404, { participantId, name: '', error: 'not_found' as const });
		// Their phone's board connection ends now; reconnecting is refused (the session is gone).
		locals.runtime.realtime.disconnectPerson(gathering.id, participantId);
		await locals.runtime.commands.forget(gathering.id, participantId);
		return { removed: participantId };
	}
};
