/**
 * Follow-up groups: the facilitator turns a topic with several continuers into a group with
 * a contact person and, if known, a date and place for the next meeting. Members are the
 * people who marked the topic; their contact details reach the organisers only per the
 * fields each member shares with connections.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { followUpGroups, participants } from '../db/schema';
import { generateId } from '../auth/tokens';
import { charCount, hasForbiddenCharacters, hasVisibleCharacters, tidy } from '$lib/validation/text';
import type { GroupError } from '$lib/nazit/fields';

export const MAX_PLACE_CHARS = 200;
export type { GroupError };

export type GroupInput = { topicId: string; topicTitle: string; contactId: string; date: string; time: string; place: string };

function validDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const [y, m, d] = value.split('-').map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Creates the group for a topic, or updates it when the topic already has one. */
export async function saveGroup(db: Db, gatheringId: string, input: GroupInput): Promise<{ ok: true; id: string } | { ok: false; error: GroupError }> {
	const date = input.date.trim();
	const time = input.time.trim();
	const place = tidy(input.place);
	if (date && !validDate(date)) return { ok: false, error: 'date_invalid' };
	if (time && (!date || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))) return { ok: false, error: 'time_invalid' };
	if (hasForbiddenCharacters(input.place)) return { ok: false, error: 'text_invalid_characters' };
	if (charCount(place) > MAX_PLACE_CHARS) return { ok: false, error: 'place_too_long' };
	let contactId: string | null = null;
	if (input.contactId) {
		const [contact] = await db
			.select({ id: participants.id })
			.from(participants)
			.where(and(eq(participants.id, input.contactId), eq(participants.gatheringId, gatheringId)));
		if (!contact) return { ok: false, error: 'contact_unknown' };
		contactId = contact.id;
	}
	const values = { topicTitle: input.topicTitle, contactId, date: date || null, time: time || null, place: hasVisibleCharacters(place) ? place : null };
	const [row] = await db
		.insert(followUpGroups)
		.values({ id: generateId(), gatheringId, topicId: input.topicId, ...values })
		.onConflictDoUpdate({ target: [followUpGroups.gatheringId, followUpGroups.topicId], set: values })
		.returning({ id: followUpGroups.id });
	return { ok: true, id: row.id };
}

export async function listGroups(db: Db, gatheringId: string) {
	return db.select().from(followUpGroups).where(eq(followUpGroups.gatheringId, gatheringId)).orderBy(followUpGroups.createdAt);
}

export async function findGroup(db: Db, gatheringId: string, groupId: string) {
	const [row] = await db.select().from(followUpGroups).where(and(eq(followUpGroups.id, groupId), eq(followUpGroups.gatheringId, gatheringId)));
	return row ?? null;
}

export async function deleteGroup(db: Db, gatheringId: string, groupId: string): Promise<boolean> {
	const deleted = await db
		.delete(followUpGroups)
		.where(and(eq(followUpGroups.id, groupId), eq(followUpGroups.gatheringId, gatheringId)))
		.returning({ id: followUpGroups.id });
	return deleted.length > 0;
}
