import { browser } from '$app/environment';
import { getLocale, setLocale } from '$lib/paraglide/runtime';
import type { LayoutLoad } from './$types';

/**
 * The server decided the language (cookie, then Accept-Language); the browser follows it
 * before anything renders, so hydration shows the same words the server sent.
 */
export const load: LayoutLoad = ({ data }) => {
	if (browser && getLocale() !== data.locale) setLocale(data.locale, { reload: false });
	return data;
};
