import { error, redirect } from '@sveltejs/kit';
import type { User } from '../db/schema';
import { m } from '$lib/paraglide/messages';

/** The logged-in facilitator, or a redirect to the log-in page. A gathering's own pages: gatherings/access.ts. */
export function requireUser(locals: App.Locals): User {
	if (!locals.user) redirect(303, '/login');
	return locals.user;
}

export function requireAdmin(locals: App.Locals): User {
	const user = requireUser(locals);
	if (!user.isAdmin) error(403, m.error_forbidden());
	return user;
}
