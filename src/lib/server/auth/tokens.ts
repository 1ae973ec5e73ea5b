/**
 * Secrets handed to browsers (session cookies, invite links): 32 random bytes, encoded
 * base32 lower-case. The database keeps only their SHA-256, so a leaked database or backup
 * cannot be replayed as a log-in.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export const TOKEN_BYTES = 32;

export function generateToken(): string {
	const bytes = new Uint8Array(TOKEN_BYTES);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A short random id for rows (not a secret): 16 bytes, base32. */
export function generateId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** Tokens are 52 base32 characters; anything else is refused before touching the database. */
export function looksLikeToken(value: string | undefined | null): value is string {
	return typeof value === 'string' && /^[a-z2-7]{52}$/.test(value);
}
