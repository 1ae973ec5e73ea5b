import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireAdmin, requireUser } from '$lib/server/auth/guards';
import { createInvite, facilitatorName, listOpenInvites, setAccountName } from '$lib/server/auth/accounts';
import { checkAccountName } from '$lib/validation/display-name';
import { formText, publicOrigin } from '$lib/server/http';
import { countParticipantsByGathering, listGatheringsOf } from '$lib/server/gatherings/store';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const db = locals.runtime.database.db;
	const gatherings = await listGatheringsOf(db, user.id);
	const counts = await countParticipantsByGathering(db, gatherings.map((g) => g.id));
	return {
		gatherings: gatherings.map((g) => ({
			id: g.id,
			title: g.title,
			place: g.place,
			date: g.date,
			joinCode: g.joinCode,
			phase: g.phase,
			participants: counts.get(g.id) ?? 0
		})),
		// What others see of this account now: the chosen name, or the neutral default.
		account: { chosen: user.displayName !== null, shownAs: facilitatorName(user) },
		openInvites: user.isAdmin ? (await listOpenInvites(db, user.id)).length : null
	};
};

export const actions: Actions = {
	name: async (event) => {
		const user = requireUser(event.locals);
		const typed = formText(await event.request.formData(), 'name', 200);
		const checked = checkAccountName(typed);
		if (!checked.ok) return fail(400, { name: typed, nameError: checked.error });
		await setAccountName(event.locals.runtime.database.db, user.id, checked.name);
		// The page is loaded again in this same request, from the account read before the change.
		event.locals.user = { ...user, displayName: checked.name };
		// Screens already open keep the old name until they reconnect: presence is set when a socket opens.
		return { nameSaved: true };
	},
	invite: async ({ locals, url }) => {
		const admin = requireAdmin(locals);
		const { token } = await createInvite(locals.runtime.database.db, admin.id);
		// The token is shown once, to the admin who made it; only its hash is kept.
		return { inviteUrl: `${publicOrigin(locals.runtime.config.origin, url)}/invite/${token}` };
	}
};
