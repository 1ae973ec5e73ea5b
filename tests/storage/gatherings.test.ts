/** Gatherings and participants: storage suite, on PGlite and on PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import {
	countParticipantsByGathering,
	createGathering,
	findGatheringByCode,
	findOwnGathering,
	listGatheringsOf,
	listParticipants
} from '../../src/lib/server/gatherings/store';
import { addParticipant, fillNameSkeletons, removeParticipant, renameParticipant } from '../../src/lib/server/gatherings/participants';
import { participants } from '../../src/lib/server/db/schema';
import { GuestSessionCache } from '../../src/lib/server/auth/guest-cache';
import { eq } from 'drizzle-orm';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../src/lib/server/gatherings/join-code';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());
const guests = new GuestSessionCache({ enabled: true });

describe('gatherings', () => {
	it('creates a gathering with defaults and a unique join code', async () => {
		const user = await makeUser(database.db);
		const made = await Promise.all(Array.from({ length: 30 }, (_, i) => makeGathering(database.db, user.id, `G${i}`)));
		const first = made[0];
		expect(first).toMatchObject({ dotsPerParticipant: 3, maxDotsPerTopic: 2, retentionDays: 30, phase: 'lobby' });
		for (const g of made) {
			expect(g.joinCode).toHaveLength(JOIN_CODE_LENGTH);
			for (const ch of g.joinCode) expect(JOIN_CODE_ALPHABET).toContain(ch);
		}
		expect(new Set(made.map((g) => g.joinCode)).size).toBe(made.length);
		expect((await findGatheringByCode(database.db, first.joinCode))?.id).toBe(first.id);
		expect(await findGatheringByCode(database.db, 'ZZZZZZ')).toBeNull();
	});

	it('lists a facilitator only their own gatherings, newest first', async () => {
		const alice = await makeUser(database.db);
		const bob = await makeUser(database.db);
		const older = await makeGathering(database.db, alice.id, 'Older');
		await new Promise((r) => setTimeout(r, 5));
		const newer = await makeGathering(database.db, alice.id, 'Newer');
		const bobs = await makeGathering(database.db, bob.id, 'Bob');
		expect((await listGatheringsOf(database.db, alice.id)).map((g) => g.id)).toEqual([newer.id, older.id]);
		expect(await findOwnGathering(database.db, bobs.id, alice.id)).toBeNull();
		expect((await findOwnGathering(database.db, bobs.id, bob.id))?.id).toBe(bobs.id);
	});

	it('refuses a per-topic maximum above the budget at the database too', async () => {
		const user = await makeUser(database.db);
		await expect(
			createGathering(database.db, user.id, {
				title: 'Bad',
				place: null,
				date: null,
				dotsPerParticipant: 2,
				maxDotsPerTopic: 3,
				retentionDays: 30
			})
		).rejects.toThrow();
	});
});

describe('participants', () => {
	it('keeps display names unique within a gathering, ignoring case', async () => {
		const user = await makeUser(database.db);
		const g1 = await makeGathering(database.db, user.id);
		const g2 = await makeGathering(database.db, user.id);
		expect((await addParticipant(database.db, g1.id, '  Anna ')).ok).toBe(true);
		expect(await addParticipant(database.db, g1.id, 'ANNA')).toEqual({ ok: false, error: 'name_taken' });
		expect((await addParticipant(database.db, g2.id, 'anna')).ok).toBe(true);
		const names = (await listParticipants(database.db, g1.id)).map((p) => p.displayName);
		expect(names).toEqual(['Anna']);
	});

	it('lets only one of two simultaneous joins with the same name through', async () => {
		const user = await makeUser(database.db);
		const g = await makeGathering(database.db, user.id);
		const results = await Promise.all([addParticipant(database.db, g.id, 'Sem'), addParticipant(database.db, g.id, 'sem')]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await listParticipants(database.db, g.id)).toHaveLength(1);
	});

	it('renames and removes within the gathering only', async () => {
		const user = await makeUser(database.db);
		const g = await makeGathering(database.db, user.id);
		const other = await makeGathering(database.db, user.id);
		const a = await addParticipant(database.db, g.id, 'Jan');
		const b = await addParticipant(database.db, g.id, 'Piet');
		if (!a.ok || !b.ok) throw new Error('setup');
		expect(await renameParticipant(database.db, guests, g.id, a.participant.id, 'piet')).toEqual({ ok: false, error: 'name_taken' });
		expect(await renameParticipant(database.db, guests, g.id, a.participant.id, '')).toEqual({ ok: false, error: 'name_required' });
		expect(await renameParticipant(database.db, guests, other.id, a.participant.id, 'Johan')).toEqual({ ok: false, error: 'not_found' });
		expect(await renameParticipant(database.db, guests, g.id, a.participant.id, 'Johan')).toEqual({ ok: true, name: 'Johan' });
		expect(await removeParticipant(database.db, guests, other.id, b.participant.id)).toBe(false);
		expect(await removeParticipant(database.db, guests, g.id, b.participant.id)).toBe(true);
		expect((await listParticipants(database.db, g.id)).map((p) => p.displayName)).toEqual(['Johan']);
		expect((await countParticipantsByGathering(database.db, [g.id, other.id])).get(g.id)).toBe(1);
	});

	it('refuses a name that looks the same as one in the gathering, and changes nothing', async () => {
		const user = await makeUser(database.db);
		const g = await makeGathering(database.db, user.id);
		const other = await makeGathering(database.db, user.id);
		const alice = await addParticipant(database.db, g.id, 'Alice');
		const wim = await addParticipant(database.db, g.id, 'Wim');
		if (!alice.ok || !wim.ok) throw new Error('setup');
		expect(await addParticipant(database.db, g.id, 'Аlice')).toEqual({ ok: false, error: 'name_lookalike' });
		expect(await addParticipant(database.db, g.id, 'АLICE')).toEqual({ ok: false, error: 'name_lookalike' });
		expect(await addParticipant(database.db, g.id, 'Wirn')).toEqual({ ok: false, error: 'name_lookalike' });
		// A zero-width space is tidied away: what is left is the same name.
		expect(await addParticipant(database.db, g.id, 'Ali\u200Bce')).toEqual({ ok: false, error: 'name_taken' });
		expect(await addParticipant(database.db, g.id, '\u200B\u200B')).toEqual({ ok: false, error: 'name_invisible' });
		expect(await addParticipant(database.db, g.id, 'Аlice', { proxy: true })).toEqual({ ok: false, error: 'name_lookalike' });
		expect((await listParticipants(database.db, g.id)).map((p) => p.displayName).sort()).toEqual(['Alice', 'Wim']);
		// Another gathering is another room.
		expect((await addParticipant(database.db, other.id, 'Аlice')).ok).toBe(true);
		// Renames are held to the same rule, and one's own name is no obstacle.
		expect(await renameParticipant(database.db, guests, g.id, wim.participant.id, 'A1ice')).toEqual({ ok: false, error: 'name_lookalike' });
		expect(await renameParticipant(database.db, guests, g.id, wim.participant.id, '\u3164')).toEqual({ ok: false, error: 'name_invisible' });
		expect(await renameParticipant(database.db, guests, g.id, alice.participant.id, 'АLICE')).toEqual({ ok: true, name: 'АLICE' });
		expect((await listParticipants(database.db, g.id)).map((p) => p.displayName).sort()).toEqual(['Wim', 'АLICE']);
	});

	it('lets only one of two simultaneous look-alike joins through', async () => {
		const user = await makeUser(database.db);
		const g = await makeGathering(database.db, user.id);
		const results = await Promise.all([addParticipant(database.db, g.id, 'Bob'), addParticipant(database.db, g.id, 'ВОВ')]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: 'name_lookalike' });
	});

	it('gives names from before look-alike keys theirs; of two that look alike, the earlier holds them', async () => {
		const user = await makeUser(database.db);
		const g = await makeGathering(database.db, user.id);
		// As rows were written before: no skeletons, so both look-alikes got in.
		const old = (id: string, name: string, at: string) => ({ id, gatheringId: g.id, displayName: name, nameKey: name.toLowerCase(), createdAt: new Date(at) });
		await database.db.insert(participants).values([
			old(`${g.id}-a`, 'Alice', '2026-01-01T10:00:00Z'),
			old(`${g.id}-b`, 'Аlice', '2026-01-01T10:05:00Z'),
			old(`${g.id}-c`, 'Wim', '2026-01-01T10:10:00Z')
		]);
		const filled = await fillNameSkeletons(database.db);
		expect(filled).toMatchObject({ filled: 3, clashes: 2 });
		const rows = await database.db.select().from(participants).where(eq(participants.gatheringId, g.id));
		const byName = new Map(rows.map((r) => [r.displayName, r]));
		expect(byName.get('Alice')).toMatchObject({ nameSkeleton: 'alice', nameSkeletonFolded: 'alice' });
		expect(byName.get('Аlice')).toMatchObject({ nameSkeleton: null, nameSkeletonFolded: null });
		expect(byName.get('Wim')).toMatchObject({ nameSkeleton: 'wirn' });
		// Both stay; a third look-alike, and a look-alike of the old names, do not get in.
		expect(await addParticipant(database.db, g.id, 'A\u200Blice')).toEqual({ ok: false, error: 'name_taken' });
		expect(await addParticipant(database.db, g.id, 'Alicе')).toEqual({ ok: false, error: 'name_lookalike' });
		expect(await addParticipant(database.db, g.id, 'Wirn')).toEqual({ ok: false, error: 'name_lookalike' });
		// The next start has only the clashing row left to try.
		expect(await fillNameSkeletons(database.db)).toEqual({ filled: 1, clashes: 2 });
	});
});
