import { redirect, error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

/** Remembers the chosen language in the cookie Paraglide reads first, then goes back. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (typeof locale !== 'string' || !isLocale(locale)) error(400, m.error_unknown_language());
	cookies.set(cookieName, locale, {
		path: '/',
		maxAge: cookieMaxAge,
		sameSite: 'lax',
		// Paraglide's client runtime reads this cookie too; it holds nothing secret.
		httpOnly: false,
		secure: url.protocol === 'https:'
	});
	redirect(303, safeReturnPath(form.get('returnTo')));
};

/** Only a path on this site: a crafted returnTo must not turn the switch into an open redirect. */
function safeReturnPath(value: FormDataEntryValue | null): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
		return '/';
	}
	return value;
}
