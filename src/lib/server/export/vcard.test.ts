import { describe, expect, it } from 'vitest';
import { parseVCards } from 'vcard4-ts';
import { unfoldLines } from './fold';
import { toVCards, type Contact } from './vcard';

const UUID = '0E3C4F0A-1B2C-4D5E-8F90-123456789ABC';
const octets = (s: string) => Buffer.byteLength(s, 'utf8');
/** The logical lines of one output: unfolded, split on CRLF, without the final empty string. */
const logical = (text: string) => unfoldLines(text).split('\r\n').slice(0, -1);

const anna: Contact = { uid: UUID, fullName: 'Anna de Vries', email: 'anna@example.nl', phone: '+31 6 1234 5678' };

describe('toVCards', () => {
	it('writes a minimal card with the properties in a fixed order', () => {
		expect(logical(toVCards([anna]))).toEqual([
			'BEGIN:VCARD',
			'VERSION:4.0',
			'FN:Anna de Vries',
			'N:Vries;Anna de;;;',
			'UID:urn:uuid:0e3c4f0a-1b2c-4d5e-8f90-123456789abc',
			'EMAIL:anna@example.nl',
			'TEL;VALUE=uri:tel:+31612345678',
			'END:VCARD'
		]);
	});

	it('uses CRLF everywhere and ends with one', () => {
		const text = toVCards([anna, { uid: 'b', fullName: 'Bob' }]);
		expect(text.endsWith('END:VCARD\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('writes nothing for no contacts', () => {
		expect(toVCards([])).toBe('');
	});

	it('takes a single word as the given name', () => {
		expect(logical(toVCards([{ uid: 'x', fullName: '  Cher ' }]))).toContain('N:;Cher;;;');
	});

	it('declares a non-UUID id as text, and accepts an id already written as urn:uuid', () => {
		expect(logical(toVCards([{ uid: 'lid-42', fullName: 'A' }]))).toContain('UID;VALUE=text:lid-42');
		expect(logical(toVCards([{ uid: `urn:uuid:${UUID}`, fullName: 'A' }]))).toContain(`UID:urn:uuid:${UUID.toLowerCase()}`);
	});

	it('writes a phone without country code as text rather than an invalid tel: URI', () => {
		expect(logical(toVCards([{ uid: 'x', fullName: 'A', phone: '06 1234 5678' }]))).toContain('TEL;VALUE=text:06 1234 5678');
		expect(logical(toVCards([{ uid: 'x', fullName: 'A', phone: '+31 (0)20-123.4567' }]))).toContain('TEL;VALUE=uri:tel:+31(0)20-123.4567');
		expect(logical(toVCards([{ uid: 'x', fullName: 'A', phone: '+31 6;ext=1' }]))).toContain('TEL;VALUE=text:+31 6\\;ext=1');
	});

	it('leaves out empty optional fields', () => {
		const lines = logical(toVCards([{ uid: 'x', fullName: 'A', email: '', phone: null, note: '   ', organisation: undefined }]));
		expect(lines.some((l) => /^(EMAIL|TEL|NOTE|ORG)[:;]/.test(l))).toBe(false);
	});

	it('escapes backslash, semicolon, comma and newlines in text values and in N', () => {
		const lines = logical(
			toVCards([{ uid: 'x', fullName: 'Jan, de; Back\\slash', note: 'een;twee,drie\\vier\nvijf\r\nzes', organisation: 'Buurt; Vereniging, Oost' }])
		);
		expect(lines).toContain('FN:Jan\\, de\\; Back\\\\slash');
		expect(lines).toContain('N:Back\\\\slash;Jan\\, de\\;;;;');
		expect(lines).toContain('NOTE:een\\;twee\\,drie\\\\vier\\nvijf\\nzes');
		expect(lines).toContain('ORG:Buurt\\; Vereniging\\, Oost');
	});

	it('folds a long note with emoji and accents: every line fits, unfolding restores it', () => {
		const note = 'Ze vertelde over de moestuin 🌱 en de buurvrouw Zoë 👩‍👩‍👧‍👦 — élan, façade, Müller, ijs, ’t Hof. '.repeat(6);
		const text = toVCards([{ ...anna, note }]);
		const physical = text.split('\r\n').slice(0, -1);
		expect(physical.length).toBeGreaterThan(10);
		for (const line of physical) {
			expect(octets(line)).toBeLessThanOrEqual(75);
			expect(line.isWellFormed()).toBe(true);
		}
		// The note's only special characters are commas.
		expect(logical(text)).toContain(`NOTE:${note.replace(/,/g, '\\,')}`);
	});
});

describe('toVCards, read back by an independent parser (vcard4-ts)', () => {
	const contacts: Contact[] = [
		{
			uid: UUID,
			fullName: 'José Müller-IJsselstein',
			email: 'jose@example.nl',
			phone: '+31 6 1234 5678',
			note: 'Wil helpen met koffie; neemt taart mee, "zelfgebakken".\nAllergisch voor noten \\ pinda 🥜. '.repeat(3),
			organisation: 'Buurthuis De Tafel, Oost'
		},
		{ uid: 'gast-7', fullName: 'Zoë 👩‍👩‍👧‍👦', phone: '06 1234 5678' },
		{ uid: 'gast-8', fullName: 'Kim' }
	];
	const parsed = parseVCards(toVCards(contacts));

	it('finds every card without errors or warnings', () => {
		expect(parsed.nags).toBeUndefined();
		expect(parsed.vCards).toHaveLength(contacts.length);
		for (const card of parsed.vCards!) expect(card.hasErrors).toBe(false);
	});

	it('reads back FN, N, EMAIL, TEL, NOTE and ORG as they went in', () => {
		const [jose, zoe, kim] = parsed.vCards!;
		expect(jose.FN[0].value).toBe(contacts[0].fullName);
		expect(jose.N?.value.familyNames).toEqual(['Müller-IJsselstein']);
		expect(jose.N?.value.givenNames).toEqual(['José']);
		expect(jose.EMAIL?.[0].value).toBe(contacts[0].email);
		expect(jose.TEL?.[0].value).toBe('tel:+31612345678');
		expect(jose.NOTE?.[0].value).toBe(contacts[0].note);
		expect(jose.ORG?.[0].value).toEqual([contacts[0].organisation]);
		expect(jose.UID?.value).toBe(`urn:uuid:${UUID.toLowerCase()}`);

		expect(zoe.FN[0].value).toBe(contacts[1].fullName);
		expect(zoe.TEL?.[0].value).toBe('06 1234 5678');
		expect(zoe.EMAIL).toBeUndefined();
		expect(zoe.UID?.value).toBe('gast-7');

		expect(kim.FN[0].value).toBe('Kim');
		expect(kim.N?.value.givenNames).toEqual(['Kim']);
		expect(kim.NOTE).toBeUndefined();
	});
});
