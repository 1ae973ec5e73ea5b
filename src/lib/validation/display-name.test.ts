import { describe, expect, it } from 'vitest';
import { MAX_DISPLAY_NAME_CHARS, checkAccountName, checkDisplayName, displayNameKey } from './display-name';

describe('display names', () => {
	it('are trimmed, with inner white space collapsed', () => {
		expect(checkDisplayName('  Anna   de  Vries ')).toEqual({ ok: true, name: 'Anna de Vries', key: 'anna de vries' });
	});

	it('must have 1 to 40 characters after trimming', () => {
		expect(checkDisplayName('')).toEqual({ ok: false, error: 'name_required' });
		expect(checkDisplayName('    ')).toEqual({ ok: false, error: 'name_required' });
		expect(checkDisplayName('x'.repeat(MAX_DISPLAY_NAME_CHARS)).ok).toBe(true);
		expect(checkDisplayName('x'.repeat(MAX_DISPLAY_NAME_CHARS + 1))).toEqual({ ok: false, error: 'name_too_long' });
		expect(checkDisplayName(` ${'x'.repeat(MAX_DISPLAY_NAME_CHARS)} `).ok).toBe(true);
	});

	it('count characters, not UTF-16 units', () => {
		const emoji = '😀'.repeat(MAX_DISPLAY_NAME_CHARS);
		expect(emoji.length).toBe(2 * MAX_DISPLAY_NAME_CHARS);
		expect(checkDisplayName(emoji).ok).toBe(true);
	});

	it('refuse control characters and direction overrides', () => {
		for (const bad of ['An\u0000na', 'An\u0007na', 'Anna\nJan', 'An\tna', 'Anna\u202E', 'A\u2066b', 'a\u2028b', 'x\u009Fy']) {
			expect(checkDisplayName(bad)).toEqual({ ok: false, error: 'name_invalid_characters' });
		}
	});

	it('allow names from every language, and emoji built with joiners', () => {
		for (const good of ['Zoë', 'Özlem', 'محمد', '李小龙', 'Łukasz', 'Đặng', '👩‍👩‍👧 Fam']) {
			expect(checkDisplayName(good).ok).toBe(true);
		}
	});

	it('must show something: invisible characters alone are not a name', () => {
		for (const invisible of ['\u200B', '\u200B\u200C\u200D\u2060', '\uFE0F', '\u3164', '\u115F\u1160', '\uFFA0', '\u00AD', '\u200E\u200F', '\u2800', ' \u200B ']) {
			expect(checkDisplayName(invisible)).toEqual({ ok: false, error: 'name_invisible' });
		}
	});

	it('lose invisible characters, so a hidden one cannot make a second "Alice"', () => {
		const spoof = checkDisplayName('Ali\u200Bce');
		expect(spoof).toEqual({ ok: true, name: 'Alice', key: 'alice' });
		expect(checkDisplayName('\u2060A\u00ADlice\uFEFF')).toEqual(spoof);
	});

	it('keep the joiners an emoji or a Persian name is made of', () => {
		expect(checkDisplayName('👩\u200D👩\u200D👧 Fam')).toMatchObject({ ok: true, name: '👩\u200D👩\u200D👧 Fam' });
		expect(checkDisplayName('مهر\u200Cنوش')).toMatchObject({ ok: true, name: 'مهر\u200Cنوش' });
	});

	it('refuse what is not a string', () => {
		expect(checkDisplayName(undefined)).toEqual({ ok: false, error: 'name_required' });
		expect(checkDisplayName(12)).toEqual({ ok: false, error: 'name_required' });
	});

	it('are compared ignoring case and Unicode form', () => {
		expect(displayNameKey('ANNA')).toBe(displayNameKey('anna'));
		expect(displayNameKey('Zoe\u0308')).toBe(displayNameKey('ZOË'));
		expect(displayNameKey('Ａｎｎａ')).toBe(displayNameKey('anna'));
		expect(displayNameKey('Anna')).not.toBe(displayNameKey('Anne'));
	});
});

describe('account names', () => {
	it('follow the display-name rules', () => {
		expect(checkAccountName('  Els   Jansen ')).toEqual({ ok: true, name: 'Els Jansen' });
		expect(checkAccountName('')).toEqual({ ok: false, error: 'name_required' });
		expect(checkAccountName('x'.repeat(MAX_DISPLAY_NAME_CHARS + 1))).toEqual({ ok: false, error: 'name_too_long' });
		expect(checkAccountName('El\u0000s')).toEqual({ ok: false, error: 'name_invalid_characters' });
	});

	it('are never an e-mail address, however the @ is written', () => {
		for (const bad of ['els@example.org', 'els@', 'els＠example.org', 'els﹫example.org']) {
			expect(checkAccountName(bad)).toEqual({ ok: false, error: 'name_is_email' });
		}
	});
});
