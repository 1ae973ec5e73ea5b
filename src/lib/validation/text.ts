/**
 * Text rules shared by every form: lengths count Unicode code points (what a person sees as
 * characters, near enough, and what the database stores), and a few invisible characters
 * that are only ever used to spoof or break layouts are refused.
 *
 * Everything a person writes that others see as a label (names, titles, one-line texts) is
 * NFC-normalised and loses the default-ignorable code points that render as nothing: a
 * zero-width space inside "Ali\u200Bce" would otherwise make a second "Alice", and a title of
 * zero-width spaces would be an empty card on the board. A few default-ignorables do change
 * what is shown and stay, but only right after a character they can act on:
 * - ZWJ and ZWNJ: emoji sequences (👩‍👩‍👧), Persian words, Indic conjuncts;
 * - variation selectors: emoji presentation (❤️), CJK ideographic variants, Mongolian forms;
 * - tag characters: subdivision flags (🏴 + tags).
 * After a Latin, Greek or Cyrillic letter none of them changes a glyph, so there they go too.
 * What stays can still make two names render alike; that is for the name comparison
 * (`nameSkeleton`, on the server), which ignores every default-ignorable.
 */

/** C0/C1 control characters, line and paragraph separators, and bidirectional overrides. */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
/** The default-ignorables listed above that may change how the character before them is drawn. */
const SHAPING_IGNORABLE: readonly (readonly [number, number])[] = [
	[0x180b, 0x180d], // Mongolian free variation selectors 1–3
	[0x180f, 0x180f], // Mongolian free variation selector 4
	[0x200c, 0x200d], // ZWNJ, ZWJ
	[0xfe00, 0xfe0f], // variation selectors 1–16 (FE0F: emoji presentation)
	[0xe0020, 0xe007f], // tags (subdivision flags)
	[0xe0100, 0xe01ef] // variation selectors 17–256 (ideographic variants)
];

function isShapingIgnorable(char: string): boolean {
	const cp = char.codePointAt(0)!;
	return SHAPING_IGNORABLE.some(([from, to]) => cp >= from && cp <= to);
}
/** Characters a joiner or selector after them cannot change: spaces and letters of alphabetic scripts. */
const NOTHING_TO_SHAPE = /[\s\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;

/**
 * Something that leaves ink: not white space, not default-ignorable, not a combining mark on
 * its own, not a format character, and not the Braille blank (U+2800) that looks like a
 * space without being one.
 */
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}\p{M}\p{Cf}\p{Cc}\u2800]/u;

export function charCount(value: string): number {
	let count = 0;
	for (const _ of value) count++;
	return count;
}

export function hasForbiddenCharacters(value: string): boolean {
	return FORBIDDEN_CHARACTERS.test(value);
}

export function hasVisibleCharacters(value: string): boolean {
	return VISIBLE.test(value);
}

/** Drops the default-ignorable code points that have nothing to act on (see the header). */
export function stripIgnorables(value: string): string {
	if (!DEFAULT_IGNORABLE.test(value)) return value;
	let out = '';
	// The character a joiner or selector would act on: the last one kept that is not itself one.
	let base = '';
	for (const char of value) {
		if (!DEFAULT_IGNORABLE.test(char)) {
			out += char;
			base = char;
		} else if (isShapingIgnorable(char) && base !== '' && !NOTHING_TO_SHAPE.test(base)) {
			out += char;
		}
	}
	return out;
}

/** NFC, without default-ignorables that render as nothing, trimmed, runs of white space collapsed. */
export function tidy(value: string): string {
	return stripIgnorables(value.normalize('NFC')).trim().replace(/\s+/gu, ' ');
}

/** Like `tidy` for texts with line breaks (topic details): line breaks stay, ends are trimmed. */
export function tidyMultiline(value: string): string {
	return stripIgnorables(value.normalize('NFC')).trim();
}

export type LabelError = 'required' | 'invisible' | 'too_long' | 'invalid_characters';

/**
 * One line a person writes for others to read. A required label must show something: white
 * space alone is `required`, anything else that leaves no ink is `invisible`. An optional one
 * that leaves no ink is simply empty.
 */
export function checkLabel(
	raw: string,
	options: { maxChars: number; required: boolean }
): { ok: true; value: string } | { ok: false; error: LabelError } {
	// Forbidden characters are checked before tidying, which would turn a tab into a space.
	if (hasForbiddenCharacters(raw.trim())) return { ok: false, error: 'invalid_characters' };
	const value = tidy(raw);
	if (!hasVisibleCharacters(value)) {
		if (!options.required) return { ok: true, value: '' };
		return { ok: false, error: raw.trim() === '' ? 'required' : 'invisible' };
	}
	if (charCount(value) > options.maxChars) return { ok: false, error: 'too_long' };
	return { ok: true, value };
}
