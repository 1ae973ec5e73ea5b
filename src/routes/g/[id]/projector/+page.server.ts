import type { PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/gatherings/access';
import { joinInfo } from '$lib/server/gatherings/join-info';
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
		join: await joinInfo(gathering, { configured: locals.runtime.config.origin, listenHost: locals.runtime.config.listenHost, url }),
		nazit: await loadRoomFigures(locals.runtime.database.db, gathering.id),
		serverNow: Date.now()
	};
};
