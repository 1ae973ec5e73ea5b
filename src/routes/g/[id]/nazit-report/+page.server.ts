import type { PageServerLoad } from './$types';
import { requireOwnGathering } from '$lib/server/gatherings/access';
import { gatheringExport } from '$lib/server/export/gathering';
import { loadNazit } from '$lib/server/nazit/store';
import { connections } from '$lib/nazit/views';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { gathering } = await requireOwnGathering(locals, params.id);
	const db = locals.runtime.database.db;
	const [data, rows] = await Promise.all([gatheringExport(db, locals.runtime.boards, gathering), loadNazit(db, gathering.id)]);
	// The picture: everyone in a connection, named only with their consent to be in this report.
	const named = new Set(rows.profiles.filter((p) => p.nameInReport).map((p) => p.participantId));
	const links = connections(rows);
	const ids = [...new Set(links.flatMap((c) => [c.a.id, c.b.id]))];
	const index = new Map(ids.map((id, i) => [id, i]));
	const nameOf = new Map(rows.people.map((p) => [p.id, p.name]));
	return {
		gathering: { id: gathering.id, title: gathering.title, place: gathering.place, date: gathering.date },
		data,
		network: {
			nodes: ids.map((id) => (named.has(id) ? (nameOf.get(id) ?? null) : null)),
			edges: links.map((c) => [index.get(c.a.id)!, index.get(c.b.id)!] as [number, number])
		}
	};
};
