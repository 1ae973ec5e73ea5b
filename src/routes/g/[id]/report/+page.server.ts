import type { PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/gatherings/access';
import { listParticipants } from '$lib/server/gatherings/store';
import { participationReport } from '$lib/server/board/participation';

/** `?copy=shared` is the version to hand around: group figures, no names. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { gathering } = await requireOwnGathering(locals, params.id);
	const withNames = url.searchParams.get('copy') !== 'shared';
	const participants = await listParticipants(locals.runtime.database.db, gathering.id);
	const names = new Map(participants.map((p) => [p.id, p.displayName]));
	return {
		gathering: { id: gathering.id, title: gathering.title, place: gathering.place, date: gathering.date },
		withNames,
		report: await participationReport(locals.runtime.boards, gathering.id, names, { withNames })
	};
};
