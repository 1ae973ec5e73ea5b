/**
 * Text rules shared by every form: lengths count Unicode code points (what a person sees as
 * characters, near enough, and what the database stores), and a few invisible characters
 * that are only ever used to spoof or break layouts are refused.
 */

/** C0/C1 control characters, line and paragraph separators, and bidirectional overrides. */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export function charCount(value: string): number {
	let count = 0;
	for (const _ of value) count++;
	return count;
}

export function hasForbiddenCharacters(value: string): boolean {
	return FORBIDDEN_CHARACTERS.test(value);
}

/** Trims, collapses runs of white space and normalises to NFC. */
export function tidy(value: string): string {
	return value.normalize('NFC').trim().replace(/\s+/gu, ' ');
}
