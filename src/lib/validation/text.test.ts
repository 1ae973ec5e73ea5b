import { describe, expect, it } from 'vitest';
import { checkLabel, hasVisibleCharacters, stripIgnorables, tidy } from './text';

const LABEL = { maxChars: 10, required: true };

describe('invisible characters', () => {
	it('render as nothing and go, wherever they are', () => {
		expect(tidy('Ali\u200Bce')).toBe('Alice');
		expect(tidy('\u2060Anna\uFEFF')).toBe('Anna');
		expect(tidy('Zo\u00ADë')).toBe('Zoë');
		expect(tidy('Ann\u200Ea')).toBe('Anna');
		expect(tidy('\u3164\uFFA0Jan\u115F\u1160')).toBe('Jan');
		expect(tidy('Anna\u{E0041}')).toBe('Anna');
	});

	it('stay where they shape what is drawn: emoji, flags, Persian, CJK variants', () => {
		for (const kept of [
			'👩\u200D👩\u200D👧',
			'❤\uFE0F',
			'1\uFE0F\u20E3',
			'🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
			'می\u200Cخواهم',
			'क्\u200Dष',
			'葛\u{E0100}'
		]) {
			expect(stripIgnorables(kept)).toBe(kept);
		}
	});

	it('go where they have nothing to act on: at the start, after a space, after Latin, Greek or Cyrillic letters', () => {
		expect(stripIgnorables('\u200D👩')).toBe('👩');
		expect(stripIgnorables('a \u200D👩')).toBe('a 👩');
		expect(stripIgnorables('Ali\u200Dce')).toBe('Alice');
		expect(stripIgnorables('Al\uFE0Fice')).toBe('Alice');
		expect(stripIgnorables('Ива\u200Cн')).toBe('Иван');
	});

	it('are not visible, nor are blanks and marks on their own', () => {
		for (const blank of ['', ' ', '\u200B', '\u3164', '\u2800', '\u0301\u0308', '\u00A0\u3000', '\u061C\u200E']) {
			expect(hasVisibleCharacters(blank)).toBe(false);
		}
		for (const shown of ['a', '.', '😀', 'ب', '李', '\u0301a']) expect(hasVisibleCharacters(shown)).toBe(true);
	});
});

describe('labels', () => {
	it('are tidied to NFC', () => {
		expect(checkLabel('  Zoe\u0308  ', LABEL)).toEqual({ ok: true, value: 'Zoë' });
	});

	it('tell white space (nothing typed) from characters that show nothing', () => {
		expect(checkLabel('   ', LABEL)).toEqual({ ok: false, error: 'required' });
		expect(checkLabel('\u200B\u200C\u200D', LABEL)).toEqual({ ok: false, error: 'invisible' });
		expect(checkLabel(' \u2800 ', LABEL)).toEqual({ ok: false, error: 'invisible' });
	});

	it('that are optional become empty when they show nothing', () => {
		expect(checkLabel('\u200B', { ...LABEL, required: false })).toEqual({ ok: true, value: '' });
	});

	it('count characters after the invisible ones are gone', () => {
		expect(checkLabel(`${'x'.repeat(10)}\u200B\u200B`, LABEL)).toEqual({ ok: true, value: 'x'.repeat(10) });
		expect(checkLabel('x'.repeat(11), LABEL)).toEqual({ ok: false, error: 'too_long' });
	});

	it('still refuse control characters and direction overrides', () => {
		expect(checkLabel('a\u202Eb', LABEL)).toEqual({ ok: false, error: 'invalid_characters' });
		expect(checkLabel('a\u0007', LABEL)).toEqual({ ok: false, error: 'invalid_characters' });
	});
});
