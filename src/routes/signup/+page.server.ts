import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signUpAction } from '$lib/server/auth/forms';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/dashboard');
	return { open: await locals.runtime.isEmpty() };
};

/** Without an invite only the very first account can be made; `signUp` enforces that. */
export const actions: Actions = { default: (event) => signUpAction(event, null) };
