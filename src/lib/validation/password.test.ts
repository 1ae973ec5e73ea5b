import { describe, expect, it } from 'vitest';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, checkPassword } from './password';

describe('password rules', () => {
	it('need at least 10 characters', () => {
		expect(checkPassword('x1y2z3w4v')).toBe('password_too_short');
		expect(checkPassword('x1y2z3w4v5')).toBeNull();
		expect(checkPassword('a'.repeat(MIN_PASSWORD_CHARS - 1) + 'b')).toBeNull();
	});

	it('refuse more than 256 characters', () => {
		expect(checkPassword('ab'.repeat(MAX_PASSWORD_CHARS / 2))).toBeNull();
		expect(checkPassword('ab'.repeat(MAX_PASSWORD_CHARS / 2) + 'c')).toBe('password_too_long');
	});

	it('refuse the e-mail address and a single repeated character', () => {
		expect(checkPassword('Anna@Example.org', 'anna@example.org')).toBe('password_is_email');
		expect(checkPassword('aaaaaaaaaaaa')).toBe('password_too_simple');
	});

	it('do not impose composition rules', () => {
		expect(checkPassword('lange zin met spaties')).toBeNull();
	});

	it('refuse what is not a string', () => {
		expect(checkPassword(undefined)).toBe('password_too_short');
	});
});
