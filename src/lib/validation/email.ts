export const MAX_EMAIL_CHARS = 254;

export type EmailError = 'email_invalid';

/** Normalises an e-mail address for storage and log-in, or returns null when it is not one. */
export function normaliseEmail(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const email = raw.trim().toLowerCase();
	if (email.length === 0 || email.length > MAX_EMAIL_CHARS) return null;
	// Deliberately loose: one @, something on both sides, a dot in the domain, no spaces.
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null;
	return email;
}
