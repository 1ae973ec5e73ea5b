import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isInviteUsable } from '$lib/server/auth/accounts';
import { signUpAction } from '$lib/server/auth/forms';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (locals.user) redirect(303, '/dashboard');
	return { usable: await isInviteUsable(locals.runtime.database.db, params.token) };
};

export const actions: Actions = { default: (event) => signUpAction(event, event.params.token) };
