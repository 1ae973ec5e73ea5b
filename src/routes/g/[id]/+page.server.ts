import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/auth/guards';
import { listParticipants } from '$lib/server/gatherings/store';
import { removeParticipant, renameParticipant, setNoteTaker } from '$lib/server/gatherings/participants';
import { joinInfo } from '$lib/server/gatherings/join-info';
import { formText, publicOrigin } from '$lib/server/http';

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
	depends('app:participants');
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
			retentionDays: gathering.retentionDays
		},
		join: await joinInfo(gathering, publicOrigin(locals.runtime.config.origin, url)),
		participants: await listParticipants(db, gathering.id),
		serverNow: Date.now()
	};
};

/** Participant ids and names are short; 200 characters is ample for both. */
const text = (form: FormData, key: string) => formText(form, key, 200);

export const actions: Actions = {
	rename: async ({ locals, params, request }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		const form = await request.formData();
		const participantId = text(form, 'participantId');
		const name = text(form, 'name');
		const result = await renameParticipant(locals.runtime.database.db, gathering.id, participantId, name);
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
		const changed = await setNoteTaker(locals.runtime.database.db, gathering.id, participantId, on);
		if (!changed) return fail(404, { participantId, name: '', error: 'not_found' as const });
		// Rights are decided when a socket opens: reconnecting gives (or takes) the write connection.
		locals.runtime.realtime.disconnectPerson(gathering.id, participantId);
		return { noteTaker: participantId };
	},
	remove: async ({ locals, params, request }) => {
		const { gathering } = await requireOwnGathering(locals, params.id);
		const participantId = text(await request.formData(), 'participantId');
		const removed = await removeParticipant(locals.runtime.database.db, gathering.id, participantId);
		if (!removed) return fail(404, { participantId, name: '', error: 'not_found' as const });
		// Their phone's board connection ends now; reconnecting is refused (the session is gone).
		locals.runtime.realtime.disconnectPerson(gathering.id, participantId);
		await locals.runtime.commands.forget(gathering.id, participantId);
		return { removed: participantId };
	}
};
