import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { m } from '$lib/paraglide/messages';
import { formatWait } from './format';

const load = (locale: string): Record<string, string> =>
	JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8'));

describe('messages', () => {
	// Paraglide compiles nothing (and says little) when its plugins cannot load; this fails then.
	it('render in Dutch and in English', () => {
		expect(m.nav_login({}, { locale: 'nl' })).toBe('Inloggen');
		expect(m.nav_login({}, { locale: 'en' })).toBe('Log in');
		expect(m.participant_welcome({ name: 'Anna' }, { locale: 'en' })).toBe('Welcome, Anna!');
	});

	it('exist in both languages, and are not left untranslated by accident', () => {
		const nl = load('nl');
		const en = load('en');
		expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
		for (const key of Object.keys(nl)) expect(en[key], key).toBeTruthy();
		const same = Object.keys(nl).filter((k) => k !== '$schema' && nl[k] === en[k]);
		// Words that are the same in both languages; anything else here is a missing translation.
		expect(same.sort()).toEqual(['app_name', 'gathering_code', 'phase_agenda']);
	});

	it('use the same placeholders in both languages', () => {
		const nl = load('nl');
		const en = load('en');
		const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
		for (const key of Object.keys(nl)) expect(holes(en[key]), key).toEqual(holes(nl[key]));
	});

	it('say how long a throttled person waits, in whole seconds or minutes rounded up', () => {
		expect([0.2, 1, 40, 60, 61, 900].map(formatWait)).toEqual(['1 seconde', '1 seconde', '40 seconden', '1 minuut', '2 minuten', '15 minuten']);
		expect(m.error_rate_limited_wait({ wait: '15 minutes' }, { locale: 'en' })).toBe('Too many attempts. Try again in 15 minutes.');
	});
});
