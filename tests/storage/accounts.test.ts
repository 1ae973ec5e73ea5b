/** Storage suite: runs on PGlite in `npm test` and on PostgreSQL in `npm run test:postgres`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, openTestDatabase, type TestDatabase } from '../helpers/database';
import {
	checkCredentials,
	countUsers,
	createInvite,
	facilitatorName,
	setAccountName,
	isInviteUsable,
	signUp,
	INVITE_LIFETIME_MS
} from '../../src/lib/server/auth/accounts';
import { invites, users } from '../../src/lib/server/db/schema';
import { hashToken } from '../../src/lib/server/auth/tokens';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

const password = 'correct horse battery';

describe(`accounts on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
	it('makes the first account admin and refuses a second without invite', async () => {
		const db = database.db;
		expect(await countUsers(db)).toBe(0);
		const first = await signUp(db, { email: 'admin@example.org', displayName: 'Els', password, inviteToken: null });
		expect(first.ok && first.user.isAdmin).toBe(true);

		const second = await signUp(db, { email: 'second@example.org', displayName: 'Els', password, inviteToken: null });
		expect(second).toEqual({ ok: false, error: 'invite_required' });
		expect(await countUsers(db)).toBe(1);
	});

	it('stores an argon2id hash, never the password', async () => {
		const [row] = await database.db.select().from(users).where(eq(users.email, 'admin@example.org'));
		expect(row.passwordHash).toMatch(/^\$argon2id\$/);
		expect(row.passwordHash).not.toContain(password);
		expect(await checkCredentials(database.db, 'admin@example.org', password)).toMatchObject({ id: row.id });
		expect(await checkCredentials(database.db, 'admin@example.org', 'wrong password!')).toBeNull();
		expect(await checkCredentials(database.db, 'nobody@example.org', password)).toBeNull();
	});

	it('accepts an invite once, stores only its hash, and refuses it afterwards', async () => {
		const db = database.db;
		const [admin] = await db.select().from(users).where(eq(users.email, 'admin@example.org'));
		const { token } = await createInvite(db, admin.id);
		const [stored] = await db.select().from(invites).where(eq(invites.id, hashToken(token)));
		expect(stored).toBeDefined();
		expect(JSON.stringify(stored)).not.toContain(token);
		expect(await isInviteUsable(db, token)).toBe(true);

		const invited = await signUp(db, { email: 'invited@example.org', displayName: 'Els', password, inviteToken: token });
		expect(invited.ok && !invited.user.isAdmin).toBe(true);
		expect(await isInviteUsable(db, token)).toBe(false);
		const again = await signUp(db, { email: 'again@example.org', displayName: 'Els', password, inviteToken: token });
		expect(again).toEqual({ ok: false, error: 'invite_invalid' });
	});

	it('refuses an expired invite and a made-up one', async () => {
		const db = database.db;
		const [admin] = await db.select().from(users).where(eq(users.email, 'admin@example.org'));
		const longAgo = new Date(Date.now() - INVITE_LIFETIME_MS - 60_000);
		const { token } = await createInvite(db, admin.id, longAgo);
		expect(await isInviteUsable(db, token)).toBe(false);
		expect(await signUp(db, { email: 'late@example.org', displayName: 'Els', password, inviteToken: token })).toEqual({
			ok: false,
			error: 'invite_invalid'
		});
		expect(await signUp(db, { email: 'forged@example.org', displayName: 'Els', password, inviteToken: 'x'.repeat(52) })).toEqual({
			ok: false,
			error: 'invite_invalid'
		});
	});

	it('refuses a second account with the same e-mail and leaves the invite unused', async () => {
		const db = database.db;
		const [admin] = await db.select().from(users).where(eq(users.email, 'admin@example.org'));
		const { token } = await createInvite(db, admin.id);
		const duplicate = await signUp(db, { email: 'invited@example.org', displayName: 'Els', password, inviteToken: token });
		expect(duplicate).toEqual({ ok: false, error: 'email_taken' });
		expect(await isInviteUsable(db, token)).toBe(true);
	});

	it('lets exactly one of two simultaneous first sign-ups become admin', async () => {
		const fresh = await openTestDatabase();
		try {
			const results = await Promise.all(
				['a@example.org', 'b@example.org'].map((email) => signUp(fresh.db, { email, displayName: 'Els', password, inviteToken: null }))
			);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'invite_required' }]);
			expect(await countUsers(fresh.db)).toBe(1);
		} finally {
			await fresh.dispose();
		}
	});

	it('keeps the name chosen at sign-up, and a changed one', async () => {
		const db = database.db;
		const [admin] = await db.select().from(users).where(eq(users.email, 'admin@example.org'));
		expect(admin.displayName).toBe('Els');
		expect(facilitatorName(admin)).toBe('Els');
		await setAccountName(db, admin.id, 'Els Jansen');
		const [renamed] = await db.select().from(users).where(eq(users.id, admin.id));
		expect(facilitatorName(renamed)).toBe('Els Jansen');
	});

	it('gives accounts made before names were asked a neutral name, nothing from their e-mail', async () => {
		const fresh = await openTestDatabase();
		try {
			// The table as it was before the migration, with an account in it; then the migration.
			await fresh.db.execute(sql`alter table users drop column display_name`);
			await fresh.db.execute(sql`insert into users (id, email, password_hash) values ('old', 'jan.de.vries@example.org', 'x')`);
			const migration = readFileSync(path.join(MIGRATIONS_DIR, '0006_account_display_name.sql'), 'utf8');
			for (const statement of migration.split('--> statement-breakpoint')) await fresh.db.execute(sql.raw(statement));
			const [old] = await fresh.db.select().from(users).where(eq(users.id, 'old'));
			expect(old.displayName).toBeNull();
			const shown = facilitatorName(old);
			expect(shown).toBe('Gespreksleider');
			expect(shown).not.toMatch(/@|jan/i);
		} finally {
			await fresh.dispose();
		}
	});
});
