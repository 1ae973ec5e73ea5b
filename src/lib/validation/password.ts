import { charCount } from './text';

export const MIN_PASSWORD_CHARS = 10;
/** argon2 accepts more, but hashing megabytes on request is a denial-of-service lever. */
export const MAX_PASSWORD_CHARS = 256;

export type PasswordError =
	| 'password_too_short'
	| 'password_too_long'
	| 'password_is_email'
	| 'password_too_simple';

/**
 * Length is what makes a password strong (NIST SP 800-63B); composition rules are not
 * imposed. Refused besides: the e-mail address itself and a single repeated character.
 */
export function checkPassword(password: unknown, email = ''): PasswordError | null {
	if (typeof password !== 'string') return 'password_too_short';
	const length = charCount(password);
	if (length < MIN_PASSWORD_CHARS) return 'password_too_short';
	if (length > MAX_PASSWORD_CHARS) return 'password_too_long';
	if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'password_is_email';
	if (new Set(password).size === 1) return 'password_too_simple';
	return null;
}
