import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: getLocale(),
	user: locals.user ? { email: locals.user.email, isAdmin: locals.user.isAdmin } : null
});
