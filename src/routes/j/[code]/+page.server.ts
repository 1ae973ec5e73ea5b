import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { gatheringFor } from '$lib/server/gatherings/by-code';
import { currentGuest, joinAsGuest, leaveAsGuest } from '$lib/server/gatherings/guest';
import { clientIp, formText } from '$lib/server/http';

export const load: PageServerLoad = async (event) => {
	const { locals, cookies } = event;
	const gathering = await gatheringFor(event);
	const guest = await currentGuest(locals.runtime.database.db, locals.runtime.guests, cookies, gathering, locals.secureCookies);
	return {
		gathering: {
			// The id is only needed (and only given) once this browser is a participant: it opens the board.
			id: guest ? gathering.id : null,
			title: gathering.title,
			place: gathering.place,
			date: gathering.date,
			phase: gathering.phase,
			erased: gathering.erasedAt !== null,
			dotsPerParticipant: gathering.dotsPerParticipant,
			maxDotsPerTopic: gathering.maxDotsPerTopic
		},
		me: guest
			? { id: guest.participant.id, displayName: guest.participant.displayName, noteTaker: guest.participant.noteTaker }
			: null,
		serverNow: Date.now()
	};
};

export const actions: Actions = {
	join: async (event) => {
		const { locals, cookies, request } = event;
		const gathering = await gatheringFor(event);
		const form = await request.formData();
		const raw = form.get('name');
		const typed = formText(form, 'name', 200);
		const db = locals.runtime.database.db;
		if (await currentGuest(db, locals.runtime.guests, cookies, gathering, locals.secureCookies)) redirect(303, `/j/${gathering.joinCode}`);
		if (gathering.phase === 'closed') return fail(409, { name: typed, error: 'gathering_closed' as const });
		if (!(await locals.runtime.limits.joinsPerIp.take(clientIp(event)))) {
			return fail(429, { name: typed, error: 'rate_limited' as const });
		}
		const joined = await joinAsGuest(db, cookies, gathering, raw, locals.secureCookies);
		if (!joined.ok) return fail(400, { name: typed, error: joined.error });
		redirect(303, `/j/${gathering.joinCode}`);
	},
	leave: async (event) => {
		const { locals, cookies } = event;
		const gathering = await gatheringFor(event);
		const db = locals.runtime.database.db;
		const guest = await currentGuest(db, locals.runtime.guests, cookies, gathering, locals.secureCookies);
		if (guest) {
			await leaveAsGuest(db, locals.runtime.guests, cookies, gathering, guest, locals.secureCookies);
			locals.runtime.realtime.disconnectPerson(gathering.id, guest.participant.id);
			await locals.runtime.commands.forget(gathering.id, guest.participant.id);
		}
		redirect(303, `/j/${gathering.joinCode}`);
	}
};
