import { describe, expect, it } from 'vitest';
import { checkEmail, checkLine, checkPhone, MAX_LINE_CHARS } from './fields';
import { visibleProfile, type Profile } from './consent';
import { introductions, keywords } from './match';

const profile = (over: Partial<Profile> = {}): Profile => ({
	participantId: 'p',
	initiative: 'Repair café De Schroef',
	offer: 'Ik kan fietsen repareren',
	lookingFor: 'Een ruimte voor de moestuin',
	email: 'anna@example.org',
	phone: '+31 6 1234 5678',
	shareLines: false,
	shareInitiative: false,
	shareEmail: false,
	sharePhone: false,
	nameInReport: false,
	...over
});

describe('after-session fields', () => {
	it('keeps lines to 200 characters after tidying, refuses control characters', () => {
		expect(checkLine('  twee   spaties ')).toEqual({ ok: true, value: 'twee spaties' });
		expect(checkLine('é'.repeat(MAX_LINE_CHARS))).toMatchObject({ ok: true });
		expect(checkLine('é'.repeat(MAX_LINE_CHARS + 1))).toEqual({ ok: false, error: 'line_too_long' });
		expect(checkLine('a\u202Eb')).toEqual({ ok: false, error: 'invalid_characters' });
	});

	it('takes an e-mail address or nothing', () => {
		expect(checkEmail('')).toEqual({ ok: true, value: null });
		expect(checkEmail(' Anna@Example.org ')).toEqual({ ok: true, value: 'anna@example.org' });
		expect(checkEmail('anna@')).toEqual({ ok: false, error: 'email_invalid' });
	});

	it('takes a phone number as written, or nothing', () => {
		expect(checkPhone('   ')).toEqual({ ok: true, value: null });
		expect(checkPhone('+31 6  1234-5678')).toEqual({ ok: true, value: '+31 6 1234-5678' });
		expect(checkPhone('(020) 555 12 34')).toMatchObject({ ok: true });
		expect(checkPhone('12345')).toEqual({ ok: false, error: 'phone_invalid' });
		expect(checkPhone('+31 6 1234 5678 9012 34')).toEqual({ ok: false, error: 'phone_invalid' });
		expect(checkPhone('bel me')).toEqual({ ok: false, error: 'phone_invalid' });
	});
});

describe('consent filtering', () => {
	it('shows nothing to anyone else while nothing is shared', () => {
		const none = { initiative: null, offer: null, lookingFor: null, email: null, phone: null };
		expect(visibleProfile(profile(), 'here')).toEqual(none);
		expect(visibleProfile(profile(), 'connection')).toEqual(none);
		expect(visibleProfile(null, 'connection')).toEqual(none);
		expect(visibleProfile(profile(), 'self').email).toBe('anna@example.org');
	});

	it('shares each field only with the people its consent names', () => {
		const p = profile({ shareLines: true, shareEmail: true });
		expect(visibleProfile(p, 'here')).toEqual({ initiative: null, offer: 'Ik kan fietsen repareren', lookingFor: 'Een ruimte voor de moestuin', email: null, phone: null });
		expect(visibleProfile(p, 'connection')).toEqual({ initiative: null, offer: 'Ik kan fietsen repareren', lookingFor: 'Een ruimte voor de moestuin', email: 'anna@example.org', phone: null });
		const q = profile({ shareInitiative: true, sharePhone: true });
		expect(visibleProfile(q, 'connection')).toEqual({ initiative: 'Repair café De Schroef', offer: null, lookingFor: null, email: null, phone: '+31 6 1234 5678' });
		// Consent to a field that is empty shares nothing.
		expect(visibleProfile(profile({ email: null, shareEmail: true }), 'connection').email).toBeNull();
	});
});

describe('introductions', () => {
	it('finds keywords without accents, case or common words', () => {
		expect([...keywords('Ik zoek HULP bij mijn Moestuin en fietsen, café!')].sort()).toEqual(['cafe', 'fietsen', 'moestuin']);
		expect(keywords(null).size).toBe(0);
	});

	it('pairs people who continue on the same topic, and makes a group from three', () => {
		const people = [
			{ id: 'a', topics: ['t1', 't2'], offer: null, lookingFor: null },
			{ id: 'b', topics: ['t1'], offer: null, lookingFor: null },
			{ id: 'c', topics: ['t2'], offer: null, lookingFor: null },
			{ id: 'd', topics: ['t2'], offer: null, lookingFor: null }
		];
		const found = introductions(people, [['c', 'd']]);
		expect(found).toEqual([
			{ kind: 'same_topic', people: ['a', 'b'], topicId: 't1' },
			{ kind: 'group', people: ['a', 'c', 'd'], topicId: 't2' },
			{ kind: 'same_topic', people: ['a', 'c'], topicId: 't2' },
			{ kind: 'same_topic', people: ['a', 'd'], topicId: 't2' }
		]);
	});

	it('introduces someone who offers what another is looking for, with the shared words', () => {
		const people = [
			{ id: 'anna', topics: [], offer: 'Ik kan fietsen repareren en lassen', lookingFor: null },
			{ id: 'bram', topics: [], offer: null, lookingFor: 'Iemand die mijn fietsen kan repareren' },
			{ id: 'cas', topics: [], offer: null, lookingFor: 'Een moestuin' }
		];
		expect(introductions(people)).toEqual([{ kind: 'offer', people: ['anna', 'bram'], offeredBy: 'anna', words: ['fietsen', 'repareren'] }]);
		// Lines not shared are not read (the caller passes null), and asked pairs are left out.
		expect(introductions(people, [['bram', 'anna']])).toEqual([]);
	});

	it('does not pair a person with themselves or twice for two shared topics', () => {
		const people = [
			{ id: 'a', topics: ['t1', 't2'], offer: 'moestuin', lookingFor: 'moestuin' },
			{ id: 'b', topics: ['t1', 't2'], offer: null, lookingFor: null }
		];
		expect(introductions(people)).toEqual([{ kind: 'same_topic', people: ['a', 'b'], topicId: 't1' }]);
	});
});
