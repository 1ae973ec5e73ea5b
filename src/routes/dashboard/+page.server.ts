import type { Actions, PageServerLoad } from './$types';
import { requireAdmin, requireUser } from '$lib/server/auth/guards';
import { createInvite, listOpenInvites } from '$lib/server/auth/accounts';
import { countParticipantsByGathering, listGatheringsOf } from '$lib/server/gatherings/store';
import { publicOrigin } from '$lib/server/http';

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
		openInvites: user.isAdmin ? (await listOpenInvites(db, user.id)).length : null
	};
};

export const actions: Actions = {
	invite: async ({ locals, url }) => {
		const admin = requireAdmin(locals);
		const { token } = await createInvite(locals.runtime.database.db, admin.id);
		// The token is shown once, to the admin who made it; only its hash is kept.
		return { inviteUrl: `${publicOrigin(locals.runtime.config.origin, url)}/invite/${token}` };
	}
};
