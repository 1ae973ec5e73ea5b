/**
 * A phone speaks first (its sync step 1) while its board may still be loading. The realtime
 * server holds those messages and hands them to the room in order once it attaches;
 * losing them left a phone that never synced.
 */
import { describe, expect, it } from 'vitest';
import { RealtimeServer, MAX_EARLY_MESSAGES } from '../../src/lib/server/realtime/server';
import type { RoomRegistry } from '../../src/lib/server/realtime/registry';
import type { Room } from '../../src/lib/server/realtime/room';
import { CLOSE } from '../../src/lib/protocol/close-codes';
import type { RealtimeSocket } from '../../src/lib/server/realtime/socket';
import { MemorySocket } from '../helpers/memory-socket';

/** A registry whose one room arrives when the test says so; the room records what reaches it. */
function slowRegistry() {
	const received: number[][] = [];
	let arrive: (room: Room) => void = () => {};
	const loading = new Promise<Room>((resolve) => (arrive = resolve));
	const room = {
		connect(socket: RealtimeSocket) {
			socket.onMessage((data) => received.push([...data]));
			return { id: 'c1' };
		},
		disconnect() {}
	} as unknown as Room;
	const registry = { acquire: () => loading, release() {} } as unknown as RoomRegistry;
	return { registry, received, load: () => arrive(room) };
}

const access = { gatheringId: 'g', identity: { actor: { kind: 'participant', id: 'p', name: 'P' }, name: 'P', role: 'participant' }, canWrite: false } as const;

describe('the realtime server while a board loads', () => {
	it('holds what the client sends and delivers it in order when the room attaches', async () => {
		const { registry, received, load } = slowRegistry();
		const socket = new MemorySocket();
		const connected = new RealtimeServer(registry).handleConnection(socket, access);
		socket.receive(Uint8Array.of(0, 0, 1, 0));
		socket.receive(Uint8Array.of(1, 2));
		expect(received).toEqual([]);
		load();
		await connected;
		socket.receive(Uint8Array.of(3));
		expect(received).toEqual([[0, 0, 1, 0], [1, 2], [3]]);
		expect(socket.closed).toBeNull();
	});

	it('closes a client that sends more than a phone would before its board is there', async () => {
		const { registry, received, load } = slowRegistry();
		const socket = new MemorySocket();
		// A write connection: a reader's message budget (limits.ts) runs out before this bound.
		const connected = new RealtimeServer(registry).handleConnection(socket, { ...access, canWrite: true });
		for (let i = 0; i <= MAX_EARLY_MESSAGES; i++) socket.receive(Uint8Array.of(i % 256));
		expect(socket.closed?.code).toBe(CLOSE.tooBig.code);
		load();
		await connected;
		expect(received.length).toBeLessThanOrEqual(MAX_EARLY_MESSAGES);
	});
});
