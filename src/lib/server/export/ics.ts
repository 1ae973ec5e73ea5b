/**
 * One meeting as an iCalendar file (RFC 5545) to add to a calendar: a VCALENDAR published
 * with METHOD:PUBLISH, holding a single VEVENT.
 *
 * Times are floating (RFC 5545 §3.3.5, form #1: no `Z`, no TZID). A gathering happens in
 * the town of the people it is sent to, so "19:30" should stay 19:30 on their clock; a
 * floating time says exactly that and needs no VTIMEZONE block, whose rules we would
 * otherwise have to ship and keep current. Arithmetic is on the wall clock too, so on the
 * night clocks change a two-hour meeting still ends two clock-hours after it starts.
 */
import { contentLines, escapeText } from './fold';

export type MeetingEvent = {
	uid: string;
	summary: string;
	description?: string | null;
	location?: string | null;
	/** YYYY-MM-DD */
	date: string;
	/** HH:MM, local time; absent for a whole-day event. */
	time?: string | null;
	/** Only for a timed event; defaults to {@link DEFAULT_DURATION_MINUTES}. */
	durationMinutes?: number;
	/** DTSTAMP: when this file was made, written in UTC. */
	stamp: Date;
	organiserName?: string | null;
};

export const DEFAULT_DURATION_MINUTES = 120;
export const DEFAULT_PRODUCT_ID = '-//Open Tafel//NL';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 24 * 60 * MS_PER_MINUTE;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * ORGANIZER must be a calendar address (a URI), and the app only knows a name. `invalid:nomail`
 * is the placeholder other calendar producers use for a person without an address: readers
 * show the CN and have nowhere to send a reply, which suits a published event.
 */
const NO_ADDRESS = 'invalid:nomail';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Parses the date (and time) into a UTC timestamp used only as a wall-clock counter: the
 * value is never shown as UTC. Rejects what the calendar does not have (2026-02-30, 24:00)
 * by checking that the fields survive a round trip through Date.
 */
function wallClock(date: string, time: string | null): number {
	const d = DATE.exec(date);
	if (!d) throw new Error(`invalid meeting date "${date}": expected YYYY-MM-DD`);
	const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
	let hours = 0;
	let minutes = 0;
	if (time !== null) {
		const t = TIME.exec(time);
		if (!t) throw new Error(`invalid meeting time "${time}": expected HH:MM between 00:00 and 23:59`);
		[hours, minutes] = [Number(t[1]), Number(t[2])];
	}
	const at = new Date(0);
	// setUTCFullYear, not Date.UTC: the latter maps years 0–99 to 1900–1999.
	at.setUTCFullYear(year, month - 1, day);
	at.setUTCHours(hours, minutes, 0, 0);
	if (year < 1 || at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) {
		throw new Error(`invalid meeting date "${date}": no such day`);
	}
	return at.getTime();
}

function calendarDate(ms: number): string {
	const at = new Date(ms);
	const year = at.getUTCFullYear();
	if (year < 1 || year > 9999) throw new Error('meeting falls outside the years iCalendar can write');
	return `${pad(year, 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
}

function floatingDateTime(ms: number): string {
	const at = new Date(ms);
	return `${calendarDate(ms)}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
}

function utcStamp(stamp: Date): string {
	if (!(stamp instanceof Date) || Number.isNaN(stamp.getTime())) throw new Error('invalid DTSTAMP: not a valid Date');
	return `${floatingDateTime(stamp.getTime())}Z`;
}

/**
 * A parameter value cannot hold a double quote or a line break, and TEXT escaping does not
 * apply inside parameters. RFC 6868's caret encoding does (`^^`, `^n`, `^'`); the value is
 * always quoted so `:` `;` `,` in a name cannot end the parameter early.
 */
function paramValue(value: string): string {
	const encoded = value
		.replace(/\^/g, '^^')
		.replace(/\r\n|\r|\n/g, '^n')
		.replace(/"/g, "^'")
		// eslint-disable-next-line no-control-regex -- the point is to match control characters
		.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
	return `"${encoded}"`;
}

function present(value: string | null | undefined): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

/**
 * Callers validate the meeting before it gets here; the checks below are a last guard so a
 * bad value throws instead of producing a file that calendars reject or misread.
 */
export function toICalendar(event: MeetingEvent, productId = DEFAULT_PRODUCT_ID): string {
	const time = present(event.time) ? event.time : null;
	const start = wallClock(event.date, time);
	const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeText(productId)}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'BEGIN:VEVENT'];
	lines.push(`UID:${escapeText(event.uid)}`, `DTSTAMP:${utcStamp(event.stamp)}`);

	if (time === null) {
		// DTEND of a whole-day event is exclusive: the next day.
		lines.push(`DTSTART;VALUE=DATE:${calendarDate(start)}`, `DTEND;VALUE=DATE:${calendarDate(start + MS_PER_DAY)}`);
	} else {
		const minutes = event.durationMinutes ?? DEFAULT_DURATION_MINUTES;
		if (!Number.isInteger(minutes) || minutes <= 0) {
			throw new Error(`invalid meeting duration ${minutes}: expected a positive whole number of minutes`);
		}
		lines.push(`DTSTART:${floatingDateTime(start)}`, `DTEND:${floatingDateTime(start + minutes * MS_PER_MINUTE)}`);
	}

	lines.push(`SUMMARY:${escapeText(event.summary)}`);
	if (present(event.description)) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
	if (present(event.location)) lines.push(`LOCATION:${escapeText(event.location)}`);
	if (present(event.organiserName)) lines.push(`ORGANIZER;CN=${paramValue(event.organiserName)}:${NO_ADDRESS}`);
	lines.push('END:VEVENT', 'END:VCALENDAR');
	return contentLines(lines);
}
