import { describe, expect, it } from 'vitest';
import { connections, phoneNazit, type NazitRows } from './views';
import type { Profile } from './consent';

const profile = (participantId: string, over: Partial<Profile> = {}): Profile => ({
	participantId,
	initiative: `${participantId}'s initiative`,
	offer: '',
	lookingFor: '',
	email: `${participantId}@example.org`,
	phone: null,
	shareLines: false,
	shareInitiative: false,
	shareEmail: false,
	sharePhone: false,
	nameInReport: false,
	...over
});

const rows: NazitRows = {
	people: [
		{ id: 'ann', name: 'Ann', proxy: false },
		{ id: 'bob', name: 'Bob', proxy: false },
		{ id: 'cas', name: 'Cas', proxy: false },
		{ id: 'dio', name: 'Dio', proxy: false },
		{ id: 'gerda', name: 'Gerda', proxy: true }
	],
	profiles: [profile('ann', { shareEmail: true }), profile('bob', { shareEmail: true }), profile('cas', { shareEmail: true, shareLines: true, offer: 'moestuin' })],
	interests: [
		{ participantId: 'ann', topicId: 't1' },
		{ participantId: 'bob', topicId: 't1' },
		{ participantId: 'cas', topicId: 't2' }
	],
	requests: [
		{ id: 'r1', fromId: 'ann', toId: 'bob', topicId: 't1', status: 'accepted' },
		{ id: 'r2', fromId: 'ann', toId: 'cas', topicId: null, status: 'declined' },
		{ id: 'r3', fromId: 'dio', toId: 'ann', topicId: null, status: 'pending' }
	]
};

describe('what a phone sees of the after-session', () => {
	it('knows each relation, and shows contact fields to connections only', () => {
		const view = phoneNazit(rows, 'ann');
		const by = Object.fromEntries(view.people.map((p) => [p.id, p]));
		expect(Object.keys(by)).toEqual(['bob', 'cas', 'dio']);
		expect(by.bob).toMatchObject({ relation: 'connected', topicsInCommon: ['t1'] });
		expect(by.bob.visible.email).toBe('bob@example.org');
		expect(by.cas).toMatchObject({ relation: 'declined' });
		// Cas shares an e-mail address with connections, and Ann is not one: nothing.
		expect(by.cas.visible).toEqual({ initiative: null, offer: 'moestuin', lookingFor: null, email: null, phone: null });
		expect(by.dio).toMatchObject({ relation: 'asked_me', requestId: 'r3' });
		expect(view.continuers).toEqual({ t1: ['Bob'], t2: ['Cas'] });
		expect(phoneNazit(rows, 'dio').people.find((p) => p.id === 'ann')!.relation).toBe('asked');
	});

	it('suggests only introductions that include the viewer and were not asked yet', () => {
		const more: NazitRows = { ...rows, interests: [...rows.interests, { participantId: 'dio', topicId: 't2' }] };
		expect(phoneNazit(more, 'cas').introductions).toEqual([{ kind: 'same_topic', people: ['cas', 'dio'], topicId: 't2' }]);
		expect(phoneNazit(more, 'bob').introductions).toEqual([]);
	});
});

describe('connections for the organisers', () => {
	it('lists only mutual follow-ups, with consented fields only', () => {
		const list = connections(rows);
		expect(list).toEqual([
			{
				a: { id: 'ann', name: 'Ann', visible: { initiative: null, offer: null, lookingFor: null, email: 'ann@example.org', phone: null } },
				b: { id: 'bob', name: 'Bob', visible: { initiative: null, offer: null, lookingFor: null, email: 'bob@example.org', phone: null } },
				topicId: 't1'
			}
		]);
	});
});
