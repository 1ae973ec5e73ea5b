/**
 * Join codes are read aloud, typed on phones and copied from a projector at the back of a
 * hall, so their alphabet leaves out the characters people confuse: 0/O, 1/I/L.
 * 31 symbols in 6 places give ~887 million codes. Guessing is held back by gatherings/code-guard.ts;
 * the README ("Limits against guessing") works out what that leaves, and when 6 places are too few.
 */

export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;

export function generateJoinCode(random: (n: number) => Uint8Array = randomBytes): string {
	let code = '';
	// Rejection sampling keeps every symbol equally likely (256 is not a multiple of 31).
	const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
	while (code.length < JOIN_CODE_LENGTH) {
		for (const byte of random(JOIN_CODE_LENGTH * 2)) {
			if (byte >= limit) continue;
			code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
			if (code.length === JOIN_CODE_LENGTH) break;
		}
	}
	return code;
}

function randomBytes(n: number): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * What a person typed, as a code: case and separators (spaces, dashes, dots) ignored.
 * Returns null when it cannot be a code at all, so no database lookup is made for it.
 */
export function normaliseJoinCode(raw: unknown): string | null {
	if (typeof raw !== 'string' || raw.length > 40) return null;
	const code = raw.replace(/[\s.\-_]/g, '').toUpperCase();
	if (code.length !== JOIN_CODE_LENGTH) return null;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
	return code;
}
