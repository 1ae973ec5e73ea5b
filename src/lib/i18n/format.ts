import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

const LOCALE_TAGS = { nl: 'nl-NL', en: 'en-GB' } as const;

/** A calendar date (YYYY-MM-DD) in words, in the page's language; the day is not shifted by time zones. */
export function formatDate(isoDate: string): string {
	const [y, mo, d] = isoDate.split('-').map(Number);
	return new Intl.DateTimeFormat(LOCALE_TAGS[getLocale()], {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(y, mo - 1, d)));
}


export function phaseName(phase: string): string {
	switch (phase) {
		case 'agenda':
			return m.phase_agenda();
		case 'nazit':
			return m.phase_nazit();
		case 'closed':
			return m.phase_closed();
		default:
			return m.phase_lobby();
	}
}
