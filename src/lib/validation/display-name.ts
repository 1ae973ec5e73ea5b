import { checkLabel } from './text';

export const MAX_DISPLAY_NAME_CHARS = 40;

export type DisplayNameError = 'name_required' | 'name_invisible' | 'name_too_long' | 'name_invalid_characters';

export type DisplayNameResult =
	| { ok: true; name: string; key: string }
	| { ok: false; error: DisplayNameError };

const NAME_ERRORS = {
	required: 'name_required',
	invisible: 'name_invisible',
	too_long: 'name_too_long',
	invalid_characters: 'name_invalid_characters'
} as const satisfies Record<string, DisplayNameError>;

/**
 * A participant's display name: 1–40 characters after tidying (see `text.ts`), at least one
 * of them visible, no control characters. `key` is the case-folded form that must be unique
 * within a gathering, so "Anna" and "ANNA" cannot both join and be mistaken for each other on
 * the projector. Names that differ but look alike are caught on the server (`nameSkeleton`),
 * which keeps the confusables table out of the phone's page.
 */
export function checkDisplayName(raw: unknown): DisplayNameResult {
	if (typeof raw !== 'string') return { ok: false, error: 'name_required' };
	const checked = checkLabel(raw, { maxChars: MAX_DISPLAY_NAME_CHARS, required: true });
	if (!checked.ok) return { ok: false, error: NAME_ERRORS[checked.error] };
	return { ok: true, name: checked.value, key: displayNameKey(checked.value) };
}

export function displayNameKey(name: string): string {
	return name.normalize('NFKC').toLocaleLowerCase('und').normalize('NFC');
}

export type AccountNameError = DisplayNameError | 'name_is_email';

/**
 * A facilitator's name, shown instead of their e-mail address: the rules of a participant's
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
