/**
 * The log-in and sign-up form handlers, shared by /login, /signup and /invite/[token].
 * Every refusal returns an error code and the e-mail and name as typed (never the password)
 * and changes nothing.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { normaliseEmail } from '$lib/validation/email';
import { checkPassword } from '$lib/validation/password';
import { checkAccountName } from '$lib/validation/display-name';
import type { ErrorCode } from '$lib/i18n/errors';
import { clientIp, formText, retryAfter } from '../http';
import { addressAccountKey } from './throttle-keys';
import { checkCredentials, signUp } from './accounts';
import { createSession } from './sessions';
import { USER_SESSION_COOKIE, setSessionCookie } from './cookies';

const AFTER_LOGIN = '/dashboard';

async function startSession(event: RequestEvent, userId: string): Promise<never> {
	const { locals, cookies } = event;
	const session = await createSession(locals.runtime.database.db, { userId });
	setSessionCookie(cookies, USER_SESSION_COOKIE, session.token, session.expiresAt, locals.secureCookies);
	redirect(303, AFTER_LOGIN);
}

export type LogInFieldErrors = { email: ErrorCode | null; password: ErrorCode | null };

export async function logInAction(event: RequestEvent) {
	const form = await event.request.formData();
	const typedEmail = formText(form, 'email', 254);
	const password = formText(form, 'password', 4096);
	const email = normaliseEmail(typedEmail);
	// What is missing or malformed is said per field: nothing has been looked up yet, so it tells
	// nobody whether an account exists.
	if (!email || !password) {
		const errors: LogInFieldErrors = { email: email ? null : typedEmail.trim() ? 'email_invalid' : 'email_required', password: password ? null : 'password_required' };
		const field = errors.email ? ('email' as const) : ('password' as const);
		return fail(400, { email: typedEmail, field, error: errors[field] as ErrorCode, errors });
	}

	const { perAddress, perAddressAccount } = event.locals.runtime.limits.login;
	const ip = clientIp(event);
	const pair = addressAccountKey(ip, email);
	// Checked before the password is, so a throttled guesser learns nothing more. The address
	// alone and the address with this account, never the account alone: someone hammering the
	// account from elsewhere must not keep its facilitator out.
	const waitMs = Math.max(await perAddress.waitMs(ip), await perAddressAccount.waitMs(pair));
	if (waitMs > 0) {
		const retryAfterSeconds = retryAfter(event, waitMs);
		return fail(429, { email: typedEmail, error: 'rate_limited' as const, retryAfterSeconds });
	}
	const user = await checkCredentials(event.locals.runtime.database.db, email, password);
	if (!user) {
		await Promise.all([perAddress.fail(ip), perAddressAccount.fail(pair)]);
		return fail(400, { email: typedEmail, error: 'login_failed' as const });
	}
	// Only the pair is forgotten: logging in to one's own account must not buy an address
	// a fresh allowance for guessing others'.
	await perAddressAccount.reset(pair);
	return startSession(event, user.id);
}

const SIGN_UP_FIELDS = ['name', 'email', 'password'] as const;
export type SignUpFieldErrors = Record<(typeof SIGN_UP_FIELDS)[number], ErrorCode | null>;

export async function signUpAction(event: RequestEvent, inviteToken: string | null) {
	const form = await event.request.formData();
	const typedEmail = formText(form, 'email', 254);
	const typedName = formText(form, 'name', 200);
	const password = formText(form, 'password', 4096);
	const typed = { email: typedEmail, name: typedName };
	const name = checkAccountName(typedName);
	const email = normaliseEmail(typedEmail);
	// Every field is checked, so one answer names every mistake (the form does not ask the browser to).
	const errors: SignUpFieldErrors = {
		name: name.ok ? null : name.error,
		email: email ? null : typedEmail.trim() ? 'email_invalid' : 'email_required',
		password: password ? checkPassword(password, email ?? '') : 'password_required'
	};
	if (!name.ok || !email || errors.password) {
		// The first field in the form's order that has an error: the one the page moves focus to.
		const field = SIGN_UP_FIELDS.find((key) => errors[key] !== null) ?? 'name';
		return fail(400, { ...typed, field, error: errors[field] as ErrorCode, errors });
	}

	if (!(await event.locals.runtime.limits.signupsPerIp.take(clientIp(event)))) {
		return fail(429, { ...typed, field: null, error: 'rate_limited' as const });
	}
	const result = await signUp(event.locals.runtime.database.db, { email, displayName: name.name, password, inviteToken });
	if (!result.ok) {
		const field = result.error === 'email_taken' ? ('email' as const) : null;
		return fail(400, { ...typed, field, error: result.error });
	}
	return startSession(event, result.user.id);
}
