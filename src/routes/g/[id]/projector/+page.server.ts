import type { PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/gatherings/access';
import { joinInfo } from '$lib/server/gatherings/join-info';
import { publicOrigin } from '$lib/server/http';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { gathering } = await requireOwnGathering(locals, params.id);
	return {
		id: gathering.id,
		title: gathering.title,
		phase: gathering.phase,
		place: gathering.place,
		date: gathering.date,
		join: await joinInfo(gathering, publicOrigin(locals.runtime.config.origin, url)),
		serverNow: Date.now()
	};
};
