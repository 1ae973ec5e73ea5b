import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email';
import { checkGathering } from './gathering';

describe('e-mail addresses', () => {
	it('are trimmed and lower-cased', () => {
		expect(normaliseEmail('  Anna@Example.ORG ')).toBe('anna@example.org');
	});
	it('are refused when they cannot be an address', () => {
		for (const bad of ['', 'anna', 'anna@', '@example.org', 'anna@example', 'an na@example.org', 'a@b@c.nl', 7]) {
			expect(normaliseEmail(bad)).toBeNull();
		}
		expect(normaliseEmail(`${'a'.repeat(250)}@x.nl`)).toBeNull();
	});
});

describe('the new-gathering form', () => {
	it('takes defaults for empty numbers and empty optional fields', () => {
		expect(checkGathering({ title: ' Buurtavond ' })).toEqual({
			ok: true,
			value: { title: 'Buurtavond', place: null, date: null, dotsPerParticipant: 3, maxDotsPerTopic: 2, retentionDays: 30 }
		});
	});

	it('accepts every field in range', () => {
		const result = checkGathering({
			title: 'Wijkgesprek',
			place: 'Buurthuis De Esch',
			date: '2026-12-10',
			dotsPerParticipant: '5',
			maxDotsPerTopic: '5',
			retentionDays: '365'
		});
		expect(result.ok).toBe(true);
	});

	it('names every field that is wrong', () => {
		const result = checkGathering({
			title: '',
			place: 'x'.repeat(121),
			date: '2026-02-30',
			dotsPerParticipant: '0',
			maxDotsPerTopic: 'two',
			retentionDays: '366'
		});
		expect(result).toEqual({
			ok: false,
			errors: {
				title: 'title_required',
				place: 'place_too_long',
				date: 'date_invalid',
				dotsPerParticipant: 'dots_invalid',
				maxDotsPerTopic: 'max_dots_invalid',
				retentionDays: 'retention_invalid'
			}
		});
	});

	it('refuses more dots on one topic than a participant has', () => {
		const result = checkGathering({ title: 'T', dotsPerParticipant: '3', maxDotsPerTopic: '4' });
		expect(result.ok === false && result.errors.maxDotsPerTopic).toBe('max_dots_invalid');
	});

	it('refuses a title that is too long or hides control characters', () => {
		expect(checkGathering({ title: 'x'.repeat(121) })).toMatchObject({ errors: { title: 'title_too_long' } });
		expect(checkGathering({ title: 'Avond\u202E' })).toMatchObject({ errors: { title: 'text_invalid_characters' } });
	});
});
