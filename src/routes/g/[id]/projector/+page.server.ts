import type { PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/gatherings/access';
import { joinInfo } from '$lib/server/gatherings/join-info';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { gathering } = await requireOwnGathering(locals, params.id);
	return {
		id: gathering.id,
		title: gathering.title,
		phase: gathering.phase,
		place: gathering.place,
		date: gathering.date,
		join: await joinInfo(gathering, { configured: locals.runtime.config.origin, listenHost: locals.runtime.config.listenHost, url }),
		serverNow: Date.now()
	};
};
