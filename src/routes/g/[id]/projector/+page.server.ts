import type { PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/auth/guards';
import { joinInfo } from '$lib/server/gatherings/join-info';
import { publicOrigin } from '$lib/server/http';
import { loadRoomFigures } from '$lib/server/nazit/room-figures';

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
	depends('app:nazit');
	const { gathering } = await requireOwnGathering(locals, params.id);
	return {
		id: gathering.id,
		title: gathering.title,
		phase: gathering.phase,
		place: gathering.place,
		date: gathering.date,
		join: await joinInfo(gathering, publicOrigin(locals.runtime.config.origin, url)),
		nazit: await loadRoomFigures(locals.runtime.database.db, gathering.id),
		serverNow: Date.now()
	};
};
