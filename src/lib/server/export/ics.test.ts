import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { unfoldLines } from './fold';
import { toICalendar, type MeetingEvent } from './ics';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const logical = (text: string) => unfoldLines(text).split('\r\n').slice(0, -1);

const base: MeetingEvent = {
	uid: 'gathering-42@opentafel',
	summary: 'Buurtavond',
	date: '2026-03-12',
	time: '19:30',
	stamp: new Date(Date.UTC(2026, 1, 3, 8, 5, 9))
};

/** Reads the file with ical.js and returns its one event. */
function readEvent(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const events = calendar.getAllSubcomponents('vevent');
	expect(events).toHaveLength(1);
	return { calendar, vevent: events[0], event: new ICAL.Event(events[0]) };
}

describe('toICalendar', () => {
	it('writes a timed event with floating local times and a UTC stamp', () => {
		expect(logical(toICalendar(base))).toEqual([
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//Open Tafel//NL',
			'CALSCALE:GREGORIAN',
			'METHOD:PUBLISH',
			'BEGIN:VEVENT',
			'UID:gathering-42@opentafel',
			'DTSTAMP:20260203T080509Z',
			'DTSTART:20260312T193000',
			'DTEND:20260312T213000',
			'SUMMARY:Buurtavond',
			'END:VEVENT',
			'END:VCALENDAR'
		]);
	});

	it('uses CRLF everywhere and ends with one', () => {
		const text = toICalendar({ ...base, description: 'een\ntwee' });
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('writes a whole-day event as DATE values, ending (exclusively) the next day', () => {
		const lines = logical(toICalendar({ ...base, time: null, date: '2026-12-31' }));
		expect(lines).toContain('DTSTART;VALUE=DATE:20261231');
		expect(lines).toContain('DTEND;VALUE=DATE:20270101');
		expect(logical(toICalendar({ ...base, time: '', date: '2028-02-28' }))).toContain('DTEND;VALUE=DATE:20280229');
	});

	it('ends a meeting that runs past midnight on the next day', () => {
		const lines = logical(toICalendar({ ...base, date: '2026-02-28', time: '22:45', durationMinutes: 90 }));
		expect(lines).toContain('DTSTART:20260228T224500');
		expect(lines).toContain('DTEND:20260301T001500');
	});

	it('keeps wall-clock time across the night the clocks change', () => {
		// Europe/Amsterdam goes to summer time on 2026-03-29; floating times ignore that.
		expect(logical(toICalendar({ ...base, date: '2026-03-29', time: '01:00', durationMinutes: 180 }))).toContain('DTEND:20260329T040000');
	});

	it('uses a custom product id, escaped like any text', () => {
		expect(logical(toICalendar(base, '-//Buurt, Oost//NL'))).toContain('PRODID:-//Buurt\\, Oost//NL');
	});

	it('escapes backslash, semicolon, comma and newlines in text values', () => {
		const lines = logical(
			toICalendar({ ...base, summary: 'Koffie; taart, praten', description: 'Pad C:\\tafel\r\nNeem mee: stoel, kussen', location: 'Zaal 1; ingang\nachterom' })
		);
		expect(lines).toContain('SUMMARY:Koffie\\; taart\\, praten');
		expect(lines).toContain('DESCRIPTION:Pad C:\\\\tafel\\nNeem mee: stoel\\, kussen');
		expect(lines).toContain('LOCATION:Zaal 1\\; ingang\\nachterom');
	});

	it('cannot be made to start a property of its own from a text value', () => {
		const text = toICalendar({ ...base, summary: 'x\r\nATTENDEE:mailto:a@example.org', organiserName: 'Eve"\r\nX-EVIL:1' });
		expect(logical(text).filter((l) => /^(ATTENDEE|X-EVIL)/.test(l))).toEqual([]);
	});

	it('folds long values with multi-octet characters at 75 octets without splitting one', () => {
		const description = 'Agenda: de moestuin 🌱, het buurtfeest 🎉, Zoë’s plan 👩‍👩‍👧‍👦 — café, façade, ijs. '.repeat(5);
		const text = toICalendar({ ...base, description });
		const physical = text.split('\r\n').slice(0, -1);
		for (const line of physical) {
			expect(octets(line)).toBeLessThanOrEqual(75);
			expect(line.isWellFormed()).toBe(true);
		}
		expect(physical.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
		expect(readEvent(text).event.description).toBe(description);
	});

	it('leaves out absent or blank optional fields', () => {
		const lines = logical(toICalendar({ ...base, description: null, location: '  ', organiserName: '' }));
		expect(lines.some((l) => /^(DESCRIPTION|LOCATION|ORGANIZER)[:;]/.test(l))).toBe(false);
	});

	it('names the organiser in a quoted, caret-encoded CN parameter', () => {
		const lines = logical(toICalendar({ ...base, organiserName: 'Anna "Tafel" de Vries; Oost:^' }));
		expect(lines).toContain(`ORGANIZER;CN="Anna ^'Tafel^' de Vries; Oost:^^":invalid:nomail`);
	});

	it.each([
		['2026-02-30', '19:30', /no such day/],
		['2025-02-29', '19:30', /no such day/],
		['2026-13-01', '19:30', /no such day/],
		['0000-01-01', null, /no such day/],
		['2026-3-12', '19:30', /expected YYYY-MM-DD/],
		['12-03-2026', '19:30', /expected YYYY-MM-DD/],
		['2026-03-12', '24:00', /expected HH:MM/],
		['2026-03-12', '19:60', /expected HH:MM/],
		['2026-03-12', '7:30', /expected HH:MM/],
		['2026-03-12', '19:30:00', /expected HH:MM/]
	])('throws for date %s, time %s', (date, time, message) => {
		expect(() => toICalendar({ ...base, date, time })).toThrow(message);
	});

	it('throws for a duration that is not a positive whole number of minutes', () => {
		for (const durationMinutes of [0, -30, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => toICalendar({ ...base, durationMinutes })).toThrow(/invalid meeting duration/);
		}
	});

	it('throws for an invalid stamp and for an end past year 9999', () => {
		expect(() => toICalendar({ ...base, stamp: new Date(Number.NaN) })).toThrow(/DTSTAMP/);
		expect(() => toICalendar({ ...base, date: '9999-12-31', time: null })).toThrow(/outside the years/);
	});

	it('accepts leap days and the first years', () => {
		expect(logical(toICalendar({ ...base, date: '2028-02-29', time: '00:00' }))).toContain('DTSTART:20280229T000000');
		expect(logical(toICalendar({ ...base, date: '0050-06-01', time: null }))).toContain('DTSTART;VALUE=DATE:00500601');
	});
});

describe('toICalendar, read back by an independent parser (ical.js)', () => {
	const timed: MeetingEvent = {
		...base,
		summary: 'Buurtavond: koffie; taart, “praten” \\ luisteren 🎉',
		description: 'Agenda:\n1. Moestuin 🌱\n2. Zoë’s plan 👩‍👩‍👧‍👦, met café en façade.\r\nTot dan!',
		location: 'Buurthuis De Tafel, zaal 1; ingang achterom',
		date: '2026-10-24',
		time: '23:15',
		durationMinutes: 100,
		organiserName: 'Anna "Tafel" de Vries'
	};

	it('reads the calendar properties', () => {
		const { calendar } = readEvent(toICalendar(timed));
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Open Tafel//NL');
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
	});

	it('reads summary, description, location, organiser and floating start and end of a timed event', () => {
		const { event, vevent } = readEvent(toICalendar(timed));
		expect(event.uid).toBe(timed.uid);
		expect(event.summary).toBe(timed.summary);
		// Every line break comes back as LF, the one form the escape can carry.
		expect(event.description).toBe(timed.description!.replace(/\r\n/g, '\n'));
		expect(event.location).toBe(timed.location);
		expect(vevent.getFirstProperty('organizer')?.getParameter('cn')).toBe(timed.organiserName);
		expect(event.startDate.isDate).toBe(false);
		expect(event.startDate.zone?.tzid).toBe('floating');
		expect(event.startDate.toString()).toBe('2026-10-24T23:15:00');
		expect(event.endDate.toString()).toBe('2026-10-25T00:55:00');
		const stamp = vevent.getFirstPropertyValue('dtstamp') as ICAL.Time;
		expect(stamp.toJSDate().getTime()).toBe(base.stamp.getTime());
	});

	it('reads a whole-day event as dates', () => {
		const { event } = readEvent(toICalendar({ ...timed, time: null }));
		expect(event.startDate.isDate).toBe(true);
		expect(event.startDate.toString()).toBe('2026-10-24');
		expect(event.endDate.toString()).toBe('2026-10-25');
		expect(event.duration.toSeconds()).toBe(24 * 60 * 60);
	});
});
