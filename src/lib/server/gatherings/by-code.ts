/** Pages under /j/CODE find their gathering here. */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { normaliseJoinCode } from './join-code';
import { findGatheringByCode } from './store';
import { clientIp } from '../http';
import { m } from '$lib/paraglide/messages';

/** The gathering behind the code in the URL; unknown codes count towards the guessing limit. */
export async function gatheringFor(event: RequestEvent, suffix = '') {
	const { locals } = event;
	const code = normaliseJoinCode(event.params.code);
	const limit = locals.runtime.limits.unknownCodesPerIp;
	const ip = clientIp(event);
	if (!(await limit.allows(ip))) error(429, m.error_rate_limited());
	const gathering = code ? await findGatheringByCode(locals.runtime.database.db, code) : null;
	if (!gathering) {
		await limit.take(ip);
		error(404, m.error_code_unknown());
	}
	if (event.params.code !== gathering.joinCode) redirect(308, `/j/${gathering.joinCode}${suffix}`);
	return gathering;
}

