import { charCount, hasForbiddenCharacters, tidy } from './text';

export const MAX_DISPLAY_NAME_CHARS = 40;

export type DisplayNameError = 'name_required' | 'name_too_long' | 'name_invalid_characters';

export type DisplayNameResult =
	| { ok: true; name: string; key: string }
	| { ok: false; error: DisplayNameError };

/**
 * A participant's display name: 1–40 characters after trimming, no control characters.
 * `key` is the case-folded form that must be unique within a gathering, so "Anna" and
 * "ANNA" cannot both join and be mistaken for each other on the projector.
 */
export function checkDisplayName(raw: unknown): DisplayNameResult {
	if (typeof raw !== 'string') return { ok: false, error: 'name_required' };
	// Forbidden characters are checked before tidying, which would turn a tab into a space.
	if (hasForbiddenCharacters(raw.trim())) return { ok: false, error: 'name_invalid_characters' };
	const name = tidy(raw);
	if (name.length === 0) return { ok: false, error: 'name_required' };
	if (charCount(name) > MAX_DISPLAY_NAME_CHARS) return { ok: false, error: 'name_too_long' };
	return { ok: true, name, key: displayNameKey(name) };
}

export function displayNameKey(name: string): string {
	return name.normalize('NFKC').toLocaleLowerCase('und').normalize('NFC');
}

export type AccountNameError = DisplayNameError | 'name_is_email';

/**
 * A facilitator's name, as participants and note-takers see it: the rules of a participant's
 * display name, and no `@` (nor a look-alike), so that what others see of an account is never its e-mail
 * address (or one typed into the name by mistake).
 */
export function checkAccountName(raw: unknown): { ok: true; name: string } | { ok: false; error: AccountNameError } {
	const checked = checkDisplayName(raw);
	if (!checked.ok) return checked;
	// NFKC folds look-alikes such as the full-width `＠` into `@`.
	if (checked.name.normalize('NFKC').includes('@')) return { ok: false, error: 'name_is_email' };
	return { ok: true, name: checked.name };
}
