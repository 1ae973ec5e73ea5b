/**
 * Facilitator accounts. The first account on an empty installation becomes admin; after
 * that an account can only be made with a single-use invite an admin created.
 */
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { invites, users, type User } from '../db/schema';
import { hashPassword, verifyPassword, dummyPasswordHash } from './passwords';
import { generateId, generateToken, hashToken, looksLikeToken } from './tokens';
import { m } from '$lib/paraglide/messages';
import { baseLocale } from '$lib/paraglide/runtime';

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export type SignUpError = 'email_taken' | 'invite_required' | 'invite_invalid';

export async function countUsers(db: Db): Promise<number> {
	const [row] = await db.select({ n: count() }).from(users);
	return row?.n ?? 0;
}

/**
 * What Open Tafel shows of a facilitator (presence on their screens): the name they chose, or, for an
 * account made before names were asked, a neutral word in the installation's language (one
 * string for every screen, whatever language each is in). Never anything from the e-mail.
 */
export function facilitatorName(user: Pick<User, 'displayName'>): string {
	return user.displayName ?? m.account_name_default({}, { locale: baseLocale });
}

/**
 * Creates an account. Email, name and password must already have passed the form rules.
 * Concurrent sign-ups on an empty installation are serialised by an advisory lock, so
 * exactly one of them becomes the admin and the other needs an invite like anybody else.
 */
export async function signUp(
	db: Db,
	input: { email: string; displayName: string; password: string; inviteToken: string | null },
	now: Date = new Date()
): Promise<{ ok: true; user: User } | { ok: false; error: SignUpError }> {
	// Hash outside the transaction: it takes tens of milliseconds and holds no lock.
	const passwordHash = await hashPassword(input.password);
	const inviteId = looksLikeToken(input.inviteToken) ? hashToken(input.inviteToken) : null;
	try {
		return await db.transaction(async (tx) => {
			await tx.execute(sql`select pg_advisory_xact_lock(hashtext('opentafel.signup'))`);
			const isFirst = (await countUsers(tx as unknown as Db)) === 0;
			if (!isFirst) {
				if (!input.inviteToken) return { ok: false, error: 'invite_required' } as const;
				if (!inviteId) return { ok: false, error: 'invite_invalid' } as const;
				const [invite] = await tx
					.select()
					.from(invites)
					.where(and(eq(invites.id, inviteId), isNull(invites.usedAt), gt(invites.expiresAt, now)))
					.for('update');
				if (!invite) return { ok: false, error: 'invite_invalid' } as const;
			}
			const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
			if (existing) return { ok: false, error: 'email_taken' } as const;
			const [user] = await tx
				.insert(users)
				.values({ id: generateId(), email: input.email, displayName: input.displayName, passwordHash, isAdmin: isFirst })
				.returning();
			if (!isFirst && inviteId) {
				await tx.update(invites).set({ usedAt: now, usedBy: user.id }).where(eq(invites.id, inviteId));
			}
			return { ok: true, user } as const;
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, error: 'email_taken' };
		throw error;
	}
}

/** Sets the name others see; `name` must already have passed `checkAccountName`. */
export async function setAccountName(db: Db, userId: string, name: string): Promise<void> {
	await db.update(users).set({ displayName: name }).where(eq(users.id, userId));
}

/** The account for these credentials, or null. Takes the same time whether or not the e-mail exists. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<User | null> {
	const [user] = await db.select().from(users).where(eq(users.email, email));
	if (!user) {
		await verifyPassword(await dummyPasswordHash(), password);
		return null;
	}
	return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

export async function createInvite(
	db: Db,
	adminId: string,
	now: Date = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_MS);
	await db.insert(invites).values({ id: hashToken(token), createdBy: adminId, expiresAt });
	return { token, expiresAt };
}

/** Whether an invite link can still be used (shown before the sign-up form). */
export async function isInviteUsable(db: Db, token: string, now: Date = new Date()): Promise<boolean> {
	if (!looksLikeToken(token)) return false;
	const [invite] = await db
		.select({ id: invites.id })
		.from(invites)
		.where(and(eq(invites.id, hashToken(token)), isNull(invites.usedAt), gt(invites.expiresAt, now)));
	return Boolean(invite);
}

export async function listOpenInvites(db: Db, adminId: string, now: Date = new Date()) {
	return db
		.select({ expiresAt: invites.expiresAt, createdAt: invites.createdAt })
		.from(invites)
		.where(and(eq(invites.createdBy, adminId), isNull(invites.usedAt), gt(invites.expiresAt, now)))
		.orderBy(invites.createdAt);
}
