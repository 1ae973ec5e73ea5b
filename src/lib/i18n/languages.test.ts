import { describe, expect, it } from 'vitest';
import { locales } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { languageName } from './format';

describe('the language switch', () => {
	it('names each language in that language', () => {
		expect(languageName('nl')).toBe('Nederlands');
		expect(languageName('en')).toBe('English');
	});

	it('labels a switch to each language in that language, with the name it shows', () => {
		for (const locale of locales) {
			const name = languageName(locale);
			expect(name, locale).not.toBe(locale);
			expect(m.language_switch_label({ language: name }, { locale }), locale).toContain(name);
		}
		expect(m.language_switch_label({ language: languageName('en') }, { locale: 'en' })).toBe('Switch to English');
		expect(m.language_switch_label({ language: languageName('nl') }, { locale: 'nl' })).toBe('Wissel naar Nederlands');
	});
});
