import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

/** The region each language is written for (dates, numbers); a new language needs its tag here. */
const LOCALE_TAGS = { nl: 'nl-NL', en: 'en-GB' } as const satisfies Record<Locale, string>;

/** A language's name in that language ("Nederlands", "English"), as a switch to it shows it. */
export function languageName(locale: Locale): string {
	const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
	return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

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

/** A duration as a clock: 0:07, 12:30, 1:02:03. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const mm = Math.floor((total % 3600) / 60);
	const ss = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** A share as a whole percentage in the page's language. */
export function formatPercent(share: number): string {
	return new Intl.NumberFormat(LOCALE_TAGS[getLocale()], { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A figure with one decimal in the page's language (effective voices, Gini). */
export function formatFigure(value: number, digits = 1): string {
	return new Intl.NumberFormat(LOCALE_TAGS[getLocale()], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A moment as a time of day (14:05) in the page's language. */
export function formatTime(ms: number): string {
	return new Intl.DateTimeFormat(LOCALE_TAGS[getLocale()], { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/** How long to wait, in words: "40 seconden", "1 minuut", "15 minuten" (minutes rounded up). */
export function formatWait(seconds: number): string {
	const whole = Math.max(1, Math.ceil(seconds));
	if (whole < 60) return whole === 1 ? m.wait_one_second() : m.wait_seconds({ count: whole });
	const minutes = Math.ceil(whole / 60);
	return minutes === 1 ? m.wait_one_minute() : m.wait_minutes({ count: minutes });
}
