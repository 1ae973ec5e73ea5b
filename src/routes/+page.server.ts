import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { normaliseJoinCode } from '$lib/server/gatherings/join-code';
import { findGatheringByCode } from '$lib/server/gatherings/store';
import { clientIp, formText } from '$lib/server/http';

export const actions: Actions = {
	/** The code field on the home page: checks the code, then sends the phone to /j/CODE. */
	join: async (event) => {
		const { locals } = event;
		const form = await event.request.formData();
		const raw = form.get('code');
		const typed = formText(form, 'code', 40);
		const code = normaliseJoinCode(raw);
		if (!code) return fail(400, { code: typed, error: 'code_invalid' as const });
		const ip = clientIp(event);
		const limit = locals.runtime.limits.unknownCodesPerIp;
		if (!(await limit.allows(ip))) return fail(429, { code: typed, error: 'rate_limited' as const });
		const gathering = await findGatheringByCode(locals.runtime.database.db, code);
		if (!gathering) {
			await limit.take(ip);
			return fail(404, { code: typed, error: 'code_unknown' as const });
		}
		redirect(303, `/j/${code}`);
	}
};
