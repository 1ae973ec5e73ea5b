import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganiser } from '$lib/server/gatherings/access';
import { CSV_FILES, exportCsv, gatheringExport, type CsvFile } from '$lib/server/export/gathering';
import { download } from '$lib/server/export/download';

/** `/g/<id>/export/connections.csv` (…topics, groups, participation), `?sep=semicolon` for Dutch spreadsheets; `gathering.json`. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const gathering = await requireOrganiser(locals, params.id);
	const match = /^([a-z]+)\.(csv|json)$/.exec(params.file);
	if (!match) error(404);
	const [, name, ext] = match;
	const data = await gatheringExport(locals.runtime.database.db, locals.runtime.boards, gathering);
	if (ext === 'json') {
		if (name !== 'gathering') error(404);
		return download(JSON.stringify(data, null, 2), 'application/json; charset=utf-8', `${gathering.joinCode}-gathering.json`);
	}
	if (!(CSV_FILES as readonly string[]).includes(name)) error(404);
	const delimiter = url.searchParams.get('sep') === 'semicolon' ? ';' : ',';
	return download(exportCsv(data, name as CsvFile, delimiter), 'text/csv; charset=utf-8', `${gathering.joinCode}-${name}.csv`);
};
