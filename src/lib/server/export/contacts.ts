/**
 * Contact cards: a participant's own connections, and the members of a follow-up group for
 * its organisers. Each card holds only what its owner shares with connections; a person
 * who shares nothing still appears by name (they said yes to the connection), with nothing
 * else.
 */
import type { NazitData } from '../nazit/store';
import { visibleProfile } from '$lib/nazit/consent';
import { phoneNazit } from '$lib/nazit/views';
import type { Contact } from './vcard';

export function connectionCards(rows: NazitData, meId: string, gatheringTitle: string): Contact[] {
	return phoneNazit(rows, meId)
		.people.filter((p) => p.relation === 'connected')
		.map((p) => ({ uid: `opentafel-${p.id}`, fullName: p.name, email: p.visible.email, phone: p.visible.phone, ...noteFrom(gatheringTitle, p.visible.initiative) }));
}

export function groupCards(rows: NazitData, topicId: string, gatheringTitle: string): Contact[] {
	const members = new Set(rows.interests.filter((i) => i.topicId === topicId).map((i) => i.participantId));
	const profileOf = new Map(rows.profiles.map((p) => [p.participantId, p]));
	return rows.people
		.filter((p) => members.has(p.id))
		.map((p) => {
			const visible = visibleProfile(profileOf.get(p.id), 'connection');
			return { uid: `opentafel-${p.id}`, fullName: p.name, email: visible.email, phone: visible.phone, ...noteFrom(gatheringTitle, visible.initiative) };
		});
}

/** Where the contact came from, and their initiative when they share it. */
function noteFrom(gatheringTitle: string, initiative: string | null): { note: string } {
	return { note: initiative ? `${gatheringTitle}\n${initiative}` : gatheringTitle };
}
