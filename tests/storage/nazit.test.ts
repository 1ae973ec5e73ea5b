/** The after-session's rules in the database: storage suite, on PGlite and on PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import { addParticipant } from '../../src/lib/server/gatherings/participants';
import { answerFollowUp, askFollowUp, loadNazit, saveProfile, withdrawFollowUp } from '../../src/lib/server/nazit/store';
import { saveGroup } from '../../src/lib/server/nazit/groups';
import { gatherings } from '../../src/lib/server/db/schema';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

async function threePeople(phase: string) {
	const db = database.db;
	const g = await makeGathering(db, (await makeUser(db)).id);
	await db.update(gatherings).set({ phase }).where(eq(gatherings.id, g.id));
	const ids = [];
	for (const name of ['Ann', 'Bob', 'Cas']) {
		const added = await addParticipant(db, g.id, name);
		if (!added.ok) throw new Error(added.error);
		ids.push(added.participant.id);
	}
	return { db, g, ann: ids[0], bob: ids[1], cas: ids[2] };
}

const statusOf = async (gatheringId: string) => (await loadNazit(database.db, gatheringId)).requests.map((r) => r.status).sort();

describe('follow-ups', () => {
	it('change nothing outside the nazit phase', async () => {
		const { db, g, ann, bob } = await threePeople('agenda');
		expect(await askFollowUp(db, g.id, ann, bob, null)).toEqual({ ok: false, error: 'not_nazit' });
		const empty = { initiative: '', offer: '', lookingFor: '', email: 'a@example.org', phone: '', shareLines: false, shareInitiative: false, shareEmail: true, sharePhone: false, nameInReport: false };
		expect(await saveProfile(db, g.id, ann, empty)).toEqual({ ok: false, field: null, error: 'not_nazit' });
		expect(await statusOf(g.id)).toEqual([]);
	});

	it('become a connection when asked back, and only the person asked can answer', async () => {
		const { db, g, ann, bob, cas } = await threePeople('nazit');
		expect(await askFollowUp(db, g.id, ann, ann, null)).toEqual({ ok: false, error: 'self' });
		expect(await askFollowUp(db, g.id, ann, 'nobody', null)).toEqual({ ok: false, error: 'not_found' });
		expect(await askFollowUp(db, g.id, ann, bob, null)).toEqual({ ok: true, status: 'pending' });
		expect(await askFollowUp(db, g.id, ann, bob, null)).toEqual({ ok: true, status: 'pending' });
		const [request] = (await loadNazit(db, g.id)).requests;
		expect(await answerFollowUp(db, g.id, ann, request.id, true)).toBe('not_found');
		expect(await answerFollowUp(db, g.id, cas, request.id, true)).toBe('not_found');
		expect(await askFollowUp(db, g.id, bob, ann, null)).toEqual({ ok: true, status: 'accepted' });
		expect(await statusOf(g.id)).toEqual(['accepted']);
		expect(await answerFollowUp(db, g.id, bob, request.id, false)).toBe('not_found');
	});

	it('a person who declined can still say yes later by asking; the one declined cannot insist', async () => {
		const { db, g, ann, bob } = await threePeople('nazit');
		await askFollowUp(db, g.id, ann, bob, null);
		const [request] = (await loadNazit(db, g.id)).requests;
		expect(await answerFollowUp(db, g.id, bob, request.id, false)).toBeNull();
		expect(await askFollowUp(db, g.id, ann, bob, null)).toEqual({ ok: true, status: 'declined' });
		expect(await statusOf(g.id)).toEqual(['declined']);
		expect(await askFollowUp(db, g.id, bob, ann, null)).toEqual({ ok: true, status: 'accepted' });
		expect(await withdrawFollowUp(db, g.id, ann, bob)).toBeNull();
		expect(await statusOf(g.id)).toEqual([]);
	});
});

describe('follow-up groups', () => {
	it('check the date, the time and the contact person, and keep one group per topic', async () => {
		const { db, g, ann, bob } = await threePeople('nazit');
		const base = { topicId: 't1', topicTitle: 'Speeltuin', contactId: ann, date: '2026-12-10', time: '19:30', place: ' Buurthuis ' };
		expect(await saveGroup(db, g.id, { ...base, date: '2026-02-30' })).toEqual({ ok: false, error: 'date_invalid' });
		expect(await saveGroup(db, g.id, { ...base, time: '24:00' })).toEqual({ ok: false, error: 'time_invalid' });
		expect(await saveGroup(db, g.id, { ...base, date: '', time: '19:30' })).toEqual({ ok: false, error: 'time_invalid' });
		expect(await saveGroup(db, g.id, { ...base, contactId: 'someone-else' })).toEqual({ ok: false, error: 'contact_unknown' });
		const first = await saveGroup(db, g.id, base);
		const second = await saveGroup(db, g.id, { ...base, contactId: bob, place: 'Bibliotheek' });
		expect(first.ok && second.ok && first.id === second.id).toBe(true);
	});
});
