import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { MemorySocket } from '../../../../tests/helpers/memory-socket';
import { encodeAwarenessUpdate } from './frames';
import { AwarenessOwners } from './client-awareness';
import type { Connection } from './connection';

function connection(id: string, name: string): Connection {
	return {
		id,
		socket: new MemorySocket(),
		canWrite: false,
		identity: { actor: { kind: 'participant', id, name }, name, role: 'participant' },
		clientIds: new Set(),
		fail: () => {},
		took: () => {}
	};
}

const says = (clientId: number, clock: number, state: Record<string, unknown> | null) => encodeAwarenessUpdate([{ clientId, clock, state }]);

describe('presence a client may state', () => {
	it('keeps only the screen, stamped with who the session says the client is', () => {
		const awareness = new Awareness(new Y.Doc());
		const owners = new AwarenessOwners(awareness);
		const anna = connection('p-anna', 'Anna');
		owners.accept(anna, says(11, 1, { screen: 'phone', user: { id: 'p-bram', name: 'Bram' }, big: 'x'.repeat(100) }));
		expect(awareness.getStates().get(11)).toEqual({ screen: 'phone', user: { id: 'p-anna', name: 'Anna', role: 'participant' } });
		expect([...anna.clientIds]).toEqual([11]);
	});

	it('never lets one connection speak for an id another one holds, nor for more than a few', () => {
		const awareness = new Awareness(new Y.Doc());
		const owners = new AwarenessOwners(awareness);
		const [anna, bram] = [connection('p-anna', 'Anna'), connection('p-bram', 'Bram')];
		owners.accept(anna, says(11, 1, { screen: 'phone' }));
		owners.accept(bram, says(11, 2, null));
		owners.accept(bram, says(11, 3, { screen: 'projector' }));
		expect(awareness.getStates().get(11)).toEqual({ screen: 'phone', user: { id: 'p-anna', name: 'Anna', role: 'participant' } });
		for (const id of [21, 22, 23, 24]) owners.accept(bram, says(id, 1, { screen: 'phone' }));
		expect(bram.clientIds.size).toBe(2);
		expect(awareness.getStates().has(23)).toBe(false);
	});

	it('frees a closed connection’s ids for whoever comes next', () => {
		const awareness = new Awareness(new Y.Doc());
		const owners = new AwarenessOwners(awareness);
		const [anna, bram] = [connection('p-anna', 'Anna'), connection('p-bram', 'Bram')];
		owners.accept(anna, says(11, 1, { screen: 'phone' }));
		owners.accept(bram, says(11, 2, { screen: 'console' }));
		expect(awareness.getStates().get(11)).toMatchObject({ screen: 'phone' });
		// As Room.disconnect does: the ids are released and their states removed.
		owners.release(anna);
		removeAwarenessStates(awareness, [...anna.clientIds], anna);
		owners.accept(bram, says(11, 5, { screen: 'console' }));
		expect(awareness.getStates().get(11)).toEqual({ screen: 'console', user: { id: 'p-bram', name: 'Bram', role: 'participant' } });
	});
});
