import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logInAction } from '$lib/server/auth/forms';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/dashboard');
	return { firstRun: await locals.runtime.isEmpty() };
};

export const actions: Actions = { default: logInAction };
