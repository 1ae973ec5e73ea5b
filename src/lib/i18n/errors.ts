/**
 * Expected errors travel from server to page as codes and are translated here, so a
 * message is always shown in the language the page is in, and the server never sends text
 * it composed in another locale.
 */
import { m } from '$lib/paraglide/messages';
import type { AccountNameError } from '$lib/validation/display-name';
import type { PasswordError } from '$lib/validation/password';
import type { EmailError } from '$lib/validation/email';
import type { GatheringError } from '$lib/validation/gathering';
import type { GroupError, NazitError } from '$lib/nazit/fields';
import { formatWait } from './format';

export type ErrorCode =
	| AccountNameError
	| PasswordError
	| EmailError
	| GatheringError
	| NazitError
	| GroupError
	| 'name_taken'
	| 'name_lookalike'
	| 'code_invalid'
	| 'code_unknown'
	| 'rate_limited'
	| 'login_failed'
	| 'email_taken'
	| 'invite_required'
	| 'invite_invalid'
	| 'not_found'
	| 'gathering_closed'
	| 'email_required'
	| 'password_required';

const MESSAGES: Record<ErrorCode, () => string> = {
	name_required: m.error_name_required,
	name_invisible: m.error_name_invisible,
	name_too_long: m.error_name_too_long,
	name_invalid_characters: m.error_invalid_characters,
	name_taken: m.error_name_taken,
	name_is_email: m.error_name_is_email,
	name_lookalike: m.error_name_lookalike,
	password_too_short: m.error_password_too_short,
	password_too_long: m.error_password_too_long,
	password_is_email: m.error_password_is_email,
	password_too_simple: m.error_password_too_simple,
	email_invalid: m.error_email_invalid,
	title_required: m.error_title_required,
	title_invisible: m.error_title_invisible,
	title_too_long: m.error_title_too_long,
	text_invalid_characters: m.error_invalid_characters,
	place_too_long: m.error_place_too_long,
	date_invalid: m.error_date_invalid,
	dots_invalid: m.error_dots_invalid,
	max_dots_invalid: m.error_max_dots_invalid,
	retention_invalid: m.error_retention_invalid,
	code_invalid: m.error_code_invalid,
	code_unknown: m.error_code_unknown,
	rate_limited: m.error_rate_limited,
	login_failed: m.error_login_failed,
	email_taken: m.error_email_taken,
	invite_required: m.error_invite_required,
	invite_invalid: m.error_invite_invalid,
	not_found: m.error_not_found,
	gathering_closed: m.error_gathering_closed,
	email_required: m.error_email_required,
	password_required: m.error_password_required,
	line_too_long: m.error_line_too_long,
	invalid_characters: m.error_invalid_characters,
	phone_invalid: m.error_phone_invalid,
	not_nazit: m.error_not_nazit,
	self: m.error_follow_up_self,
	contact_unknown: m.error_contact_unknown,
	time_invalid: m.error_time_invalid
};

/** `retryAfterSeconds`: when the server said how long a throttled person has to wait. */
export function errorText(code: ErrorCode, retryAfterSeconds?: number | null): string {
	if (code === 'rate_limited' && retryAfterSeconds) return m.error_rate_limited_wait({ wait: formatWait(retryAfterSeconds) });
	return MESSAGES[code]();
}
