/**
 * What a participant writes in the after-session: three one-line texts and, only if they
 * want, an e-mail address and a phone number. Checked here, for the phone's form and the
 * server alike.
 */
import { checkLabel, hasForbiddenCharacters } from '../validation/text';
import { normaliseEmail } from '../validation/email';

export const MAX_LINE_CHARS = 200;
export const LINE_FIELDS = ['initiative', 'offer', 'lookingFor'] as const;
export type LineField = (typeof LINE_FIELDS)[number];

export type FieldError = 'line_too_long' | 'invalid_characters' | 'email_invalid' | 'phone_invalid';
/** Why an after-session change was refused. */
export type NazitError = FieldError | 'not_nazit' | 'not_found' | 'self';

export function checkLine(raw: string): { ok: true; value: string } | { ok: false; error: FieldError } {
	// Untrimmed: a line break at either end is refused too, as it always was.
	if (hasForbiddenCharacters(raw)) return { ok: false, error: 'invalid_characters' };
	const checked = checkLabel(raw, { maxChars: MAX_LINE_CHARS, required: false });
	if (checked.ok) return checked;
	return { ok: false, error: checked.error === 'too_long' ? 'line_too_long' : 'invalid_characters' };
}

/** Empty means "no e-mail address"; anything else must be one. */
export function checkEmail(raw: string): { ok: true; value: string | null } | { ok: false; error: FieldError } {
	if (raw.trim() === '') return { ok: true, value: null };
	const email = normaliseEmail(raw);
	return email ? { ok: true, value: email } : { ok: false, error: 'email_invalid' };
}

/**
 * Empty means "no phone number". Otherwise digits with the usual separators (spaces, dashes,
 * dots, brackets) and an optional leading +, 6 to 15 digits (the E.164 maximum); stored with
 * single spaces as written, so people recognise their own number.
 */
export function checkPhone(raw: string): { ok: true; value: string | null } | { ok: false; error: FieldError } {
	const value = raw.trim().replace(/\s+/g, ' ');
	if (value === '') return { ok: true, value: null };
	if (!/^\+?[\d\s().-]+$/.test(value)) return { ok: false, error: 'phone_invalid' };
	const digits = value.replace(/\D/g, '').length;
	if (digits < 6 || digits > 15) return { ok: false, error: 'phone_invalid' };
	return { ok: true, value };
}

/** Why a follow-up group could not be saved. */
export type GroupError = 'contact_unknown' | 'date_invalid' | 'time_invalid' | 'place_too_long' | 'text_invalid_characters';
