/**
 * Who a person is in a gathering, decided here and nowhere else — for the command endpoint,
 * the realtime upgrade and the console's guards: the facilitator who runs it, a note-taker or
 * a participant of it, or nobody. A user session counts only for the gathering's owner; a
 * guest session only for the gathering its participant joined (guest cookies are named after
 * their gathering, but a cookie is the client's word, the participant row is ours).
 *
 * Credentials are asked lazily, the user's first: a facilitator's socket costs no guest
 * lookup, and the command endpoint asks only for the credential a command's type needs.
 */
import type { Actor } from '$lib/board/types';
import type { Participant, User } from '../db/schema';

export type Person =
	| { role: 'facilitator'; user: User }
	| { role: 'note-taker' | 'participant'; participant: Participant }
	/** `signedIn`: some session was presented, just not one for this gathering. */
	| { role: 'nobody'; signedIn: boolean };

/** A person with a place in the gathering. */
export type Someone = Exclude<Person, { role: 'nobody' }>;

export type Credentials = {
	user?: () => User | null | Promise<User | null>;
	guest?: () => Participant | null | Promise<Participant | null>;
};

/** Answers from the runtime's owner cache (gatherings/owners.ts). */
export type OwnerLookup = { ownerOf(gatheringId: string): Promise<string | null> };

/** The decision itself, from the gathering's row and what the sessions say. */
export function personIn(gathering: { id: string; ownerId: string }, who: { user?: User | null; guest?: Participant | null }): Person {
	if (who.user && who.user.id === gathering.ownerId) return { role: 'facilitator', user: who.user };
	const p = who.guest;
	if (p && p.gatheringId === gathering.id) return { role: p.noteTaker ? 'note-taker' : 'participant', participant: p };
	return { role: 'nobody', signedIn: Boolean(who.user || who.guest) };
}

/** The person in `gatheringId`, or null when there is no such gathering. */
export async function identify(owners: OwnerLookup, gatheringId: string, credentials: Credentials): Promise<Person | null> {
	const ownerId = await owners.ownerOf(gatheringId);
	if (!ownerId) return null;
	const gathering = { id: gatheringId, ownerId };
	const user = (await credentials.user?.()) ?? null;
	const asUser = personIn(gathering, { user });
	if (asUser.role === 'facilitator') return asUser;
	const guest = (await credentials.guest?.()) ?? null;
	return personIn(gathering, { user, guest });
}

/** Who acts on the board for this person: note-takers act as the participants they are. */
export function actorOf(person: Someone): Actor {
	return person.role === 'facilitator'
		? { kind: 'facilitator', id: person.user.id }
		: { kind: 'participant', id: person.participant.id, name: person.participant.displayName };
}
