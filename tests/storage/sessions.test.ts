/** Sessions: storage suite, on PGlite in `npm test` and on PostgreSQL in `npm run test:postgres`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import {
	SESSION_LIFETIME_MS,
	SESSION_RENEW_WITHIN_MS,
	createSession,
	invalidateSession,
	validateGuestSession,
	validateUserSession
} from '../../src/lib/server/auth/sessions';
import { sessions } from '../../src/lib/server/db/schema';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { addParticipant, removeParticipant } from '../../src/lib/server/gatherings/participants';
import { GuestSessionCache } from '../../src/lib/server/auth/guest-cache';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());
/** Shared by every call, as the runtime shares one: removing a participant must end a session it remembers. */
const guests = new GuestSessionCache({ enabled: true });

const DAY = 24 * 60 * 60 * 1000;

describe('sessions', () => {
	it('stores only the SHA-256 of the token', async () => {
		const user = await makeUser(database.db);
		const { token, id } = await createSession(database.db, { userId: user.id });
		expect(token).toMatch(/^[a-z2-7]{52}$/);
		expect(id).toBe(hashToken(token));
		const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows.map((r) => r.id)).toEqual([id]);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('finds the user for a valid token and nothing for a wrong one', async () => {
		const user = await makeUser(database.db);
		const { token } = await createSession(database.db, { userId: user.id });
		expect((await validateUserSession(database.db, token))?.owner.id).toBe(user.id);
		expect(await validateUserSession(database.db, token.replace(/^./, token[0] === 'a' ? 'b' : 'a'))).toBeNull();
		expect(await validateUserSession(database.db, 'short')).toBeNull();
		expect(await validateUserSession(database.db, undefined)).toBeNull();
	});

	it('slides the expiry when used in the second half of its life, not before', async () => {
		const user = await makeUser(database.db);
		const start = new Date('2026-01-01T12:00:00Z');
		const { token, expiresAt } = await createSession(database.db, { userId: user.id }, start);
		expect(expiresAt.getTime()).toBe(start.getTime() + SESSION_LIFETIME_MS);

		const early = await validateUserSession(database.db, token, new Date(start.getTime() + DAY));
		expect(early?.renewed).toBe(false);
		expect(early?.expiresAt.getTime()).toBe(expiresAt.getTime());

		const lateUse = new Date(expiresAt.getTime() - SESSION_RENEW_WITHIN_MS + DAY);
		const late = await validateUserSession(database.db, token, lateUse);
		expect(late?.renewed).toBe(true);
		expect(late?.expiresAt.getTime()).toBe(lateUse.getTime() + SESSION_LIFETIME_MS);
		const [row] = await database.db.select().from(sessions).where(eq(sessions.id, hashToken(token)));
		expect(row.expiresAt.getTime()).toBe(lateUse.getTime() + SESSION_LIFETIME_MS);
	});

	it('refuses and deletes an expired session', async () => {
		const user = await makeUser(database.db);
		const start = new Date('2026-01-01T12:00:00Z');
		const { token, id } = await createSession(database.db, { userId: user.id }, start);
		const after = new Date(start.getTime() + SESSION_LIFETIME_MS + 1);
		expect(await validateUserSession(database.db, token, after)).toBeNull();
		expect(await database.db.select().from(sessions).where(eq(sessions.id, id))).toEqual([]);
	});

	it('is invalid after log-out', async () => {
		const user = await makeUser(database.db);
		const { token, id } = await createSession(database.db, { userId: user.id });
		await invalidateSession(database.db, guests, id);
		expect(await validateUserSession(database.db, token)).toBeNull();
	});

	it('keeps guest and facilitator sessions apart', async () => {
		const user = await makeUser(database.db);
		const gathering = await makeGathering(database.db, user.id);
		const joined = await addParticipant(database.db, gathering.id, 'Fatima');
		if (!joined.ok) throw new Error(joined.error);
		const guest = await createSession(database.db, { participantId: joined.participant.id });
		const facilitator = await createSession(database.db, { userId: user.id });

		expect((await validateGuestSession(database.db, guests, guest.token))?.owner.gatheringId).toBe(gathering.id);
		expect(await validateUserSession(database.db, guest.token)).toBeNull();
		expect(await validateGuestSession(database.db, guests, facilitator.token)).toBeNull();
	});

	it('ends a guest session when the participant is removed', async () => {
		const user = await makeUser(database.db);
		const gathering = await makeGathering(database.db, user.id);
		const joined = await addParticipant(database.db, gathering.id, 'Kees');
		if (!joined.ok) throw new Error(joined.error);
		const guest = await createSession(database.db, { participantId: joined.participant.id });
		expect(await removeParticipant(database.db, guests, gathering.id, joined.participant.id)).toBe(true);
		expect(await validateGuestSession(database.db, guests, guest.token)).toBeNull();
	});
});
