import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { normaliseJoinCode } from '$lib/server/gatherings/join-code';
import { lookUpJoinCode } from '$lib/server/gatherings/code-guard';
import { formText, retryAfter } from '$lib/server/http';

export const actions: Actions = {
	/** The code field on the home page: checks the code, then sends the phone to /j/CODE. */
	join: async (event) => {
		const form = await event.request.formData();
		const raw = form.get('code');
		const typed = formText(form, 'code', 40);
		const code = normaliseJoinCode(raw);
		if (!code) return fail(400, { code: typed, error: 'code_invalid' as const });
		const found = await lookUpJoinCode(event, code);
		if (found.ok) redirect(303, `/j/${code}`);
		if (found.status === 429) {
			return fail(429, { code: typed, error: 'rate_limited' as const, retryAfterSeconds: retryAfter(event, found.retryAfterMs) });
		}
		return fail(404, { code: typed, error: 'code_unknown' as const });
	}
};
