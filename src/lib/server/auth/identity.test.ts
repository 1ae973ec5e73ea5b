import { describe, expect, it } from 'vitest';
import { actorOf, identify, personIn } from './identity';
import type { Participant, User } from '../db/schema';

const gathering = { id: 'g1', ownerId: 'u1' };
const owner = { id: 'u1', email: 'host@example.org' } as User;
const stranger = { id: 'u2', email: 'other@example.org' } as User;
const guest = (id: string, gatheringId: string, noteTaker = false) => ({ id, gatheringId, displayName: id, noteTaker }) as Participant;
const owners = { ownerOf: async (id: string) => (id === 'g1' ? 'u1' : null) };

describe('who a person is in a gathering', () => {
	it('is the facilitator only for the owner, whatever guest session comes along', () => {
		expect(personIn(gathering, { user: owner, guest: guest('anna', 'g1') }).role).toBe('facilitator');
		expect(personIn(gathering, { user: stranger }).role).toBe('nobody');
	});

	it('is a participant or note-taker only with a guest of this gathering', () => {
		expect(personIn(gathering, { guest: guest('anna', 'g1') }).role).toBe('participant');
		expect(personIn(gathering, { guest: guest('bram', 'g1', true) }).role).toBe('note-taker');
		expect(personIn(gathering, { guest: guest('carla', 'g2') })).toEqual({ role: 'nobody', signedIn: true });
		expect(personIn(gathering, {})).toEqual({ role: 'nobody', signedIn: false });
	});

	it('asks for the guest only when the user is not the facilitator, and nothing for an unknown gathering', async () => {
		let guestAsked = 0;
		const credentials = (user: User | null) => ({ user: () => user, guest: () => (guestAsked++, guest('anna', 'g1')) });
		expect((await identify(owners, 'g1', credentials(owner)))?.role).toBe('facilitator');
		expect(guestAsked).toBe(0);
		expect((await identify(owners, 'g1', credentials(stranger)))?.role).toBe('participant');
		expect(guestAsked).toBe(1);
		expect(await identify(owners, 'nope', credentials(owner))).toBeNull();
	});

	it('acts on the board as the facilitator or as the participant, note-takers included', () => {
		expect(actorOf({ role: 'facilitator', user: owner })).toEqual({ kind: 'facilitator', id: 'u1' });
		expect(actorOf({ role: 'note-taker', participant: guest('bram', 'g1', true) })).toEqual({ kind: 'participant', id: 'bram', name: 'bram' });
	});
});
