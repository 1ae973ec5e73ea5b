import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, looksLikeToken } from './tokens';

describe('session tokens', () => {
	it('carry 32 random bytes (52 base32 characters) and never repeat', () => {
		const tokens = new Set(Array.from({ length: 1000 }, generateToken));
		expect(tokens.size).toBe(1000);
		for (const t of tokens) expect(looksLikeToken(t)).toBe(true);
	});

	it('are stored as their SHA-256, which does not reveal them', () => {
		const token = generateToken();
		const hash = hashToken(token);
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(hash).toBe(hashToken(token));
		expect(hash).not.toBe(hashToken(generateToken()));
		expect(hash).not.toContain(token);
	});

	it('hash like SHA-256 does (known answer)', () => {
		expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});

	it('are recognised by shape before any database lookup', () => {
		expect(looksLikeToken('')).toBe(false);
		expect(looksLikeToken('A'.repeat(52))).toBe(false);
		expect(looksLikeToken('a'.repeat(51))).toBe(false);
		expect(looksLikeToken(undefined)).toBe(false);
	});
});
