/**
 * What each person sees of the after-session, built from plain rows. Every field about
 * another person passes `visibleProfile`, with the viewer's relation to that person.
 */
import { visibleProfile, type Profile, type VisibleProfile } from './consent';
import { introductions, type Introduction } from './match';

export type PersonRow = { id: string; name: string; proxy: boolean };
export type InterestRow = { participantId: string; topicId: string };
export type RequestRow = { id: string; fromId: string; toId: string; topicId: string | null; status: string };

export type NazitRows = { people: PersonRow[]; profiles: Profile[]; interests: InterestRow[]; requests: RequestRow[] };

export type Relation = 'none' | 'asked' | 'asked_me' | 'declined' | 'connected';

export type OtherPerson = {
	id: string;
	name: string;
	relation: Relation;
	/** The open request to answer, when `asked_me`. */
	requestId: string | null;
	topicsInCommon: string[];
	visible: VisibleProfile;
};

export type PhoneNazit = {
	me: Profile | null;
	myTopics: string[];
	/** topicId → names of the others who want to continue on it. */
	continuers: Record<string, string[]>;
	people: OtherPerson[];
	introductions: Introduction[];
};

export function isConnection(r: Pick<RequestRow, 'status'>): boolean {
	return r.status === 'accepted';
}

function relationOf(meId: string, otherId: string, requests: RequestRow[]): { relation: Relation; requestId: string | null } {
	const mine = requests.find((r) => r.fromId === meId && r.toId === otherId);
	const theirs = requests.find((r) => r.fromId === otherId && r.toId === meId);
	if ((mine && isConnection(mine)) || (theirs && isConnection(theirs))) return { relation: 'connected', requestId: null };
	if (theirs?.status === 'pending') return { relation: 'asked_me', requestId: theirs.id };
	if (mine?.status === 'declined') return { relation: 'declined', requestId: null };
	if (mine?.status === 'pending') return { relation: 'asked', requestId: null };
	return { relation: 'none', requestId: null };
}

export function phoneNazit(rows: NazitRows, meId: string): PhoneNazit {
	const profileOf = new Map(rows.profiles.map((p) => [p.participantId, p]));
	const topicsOf = new Map<string, string[]>();
	for (const i of rows.interests) topicsOf.set(i.participantId, [...(topicsOf.get(i.participantId) ?? []), i.topicId]);
	const myTopics = topicsOf.get(meId) ?? [];
	const nameOf = new Map(rows.people.map((p) => [p.id, p.name]));

	const continuers: Record<string, string[]> = {};
	for (const i of rows.interests) if (i.participantId !== meId) (continuers[i.topicId] ??= []).push(nameOf.get(i.participantId) ?? '');

	const people = rows.people
		.filter((p) => p.id !== meId && !p.proxy)
		.map((p) => {
			const { relation, requestId } = relationOf(meId, p.id, rows.requests);
			return {
				id: p.id,
				name: p.name,
				relation,
				requestId,
				topicsInCommon: (topicsOf.get(p.id) ?? []).filter((t) => myTopics.includes(t)),
				visible: visibleProfile(profileOf.get(p.id), relation === 'connected' ? 'connection' : 'here')
			};
		});

	const asked = rows.requests.map((r) => [r.fromId, r.toId] as [string, string]);
	// Introductions read only what each person shares with everyone here, their own lines included.
	const shared = (id: string) => visibleProfile(profileOf.get(id), 'here');
	const everyone = rows.people
		.filter((p) => !p.proxy)
		.map((p) => ({ id: p.id, topics: topicsOf.get(p.id) ?? [], offer: shared(p.id).offer, lookingFor: shared(p.id).lookingFor }));
	const mineOnly = introductions(everyone, asked).filter((i) => i.people.includes(meId));

	return { me: profileOf.get(meId) ?? null, myTopics, continuers, people, introductions: mineOnly };
}

export type ConnectionRow = {
	a: { id: string; name: string; visible: VisibleProfile };
	b: { id: string; name: string; visible: VisibleProfile };
	topicId: string | null;
};

/** Connections only (both said yes), each side with what they agreed a connection may see. */
export function connections(rows: NazitRows): ConnectionRow[] {
	const profileOf = new Map(rows.profiles.map((p) => [p.participantId, p]));
	const nameOf = new Map(rows.people.map((p) => [p.id, p.name]));
	return rows.requests.filter(isConnection).map((r) => ({
		a: { id: r.fromId, name: nameOf.get(r.fromId) ?? '', visible: visibleProfile(profileOf.get(r.fromId), 'connection') },
		b: { id: r.toId, name: nameOf.get(r.toId) ?? '', visible: visibleProfile(profileOf.get(r.toId), 'connection') },
		topicId: r.topicId
	}));
}
