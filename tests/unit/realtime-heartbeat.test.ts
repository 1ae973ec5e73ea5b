/**
 * Clients take a long silence for a hung server and reconnect elsewhere (client/silence.ts),
 * so the server must speak to every socket regularly, with something every client accepts
 * and that changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { HEARTBEAT_MS, RealtimeServer } from '../../src/lib/server/realtime/server';
import type { RoomRegistry } from '../../src/lib/server/realtime/registry';
import type { Room } from '../../src/lib/server/realtime/room';
import { MemorySocket } from '../helpers/memory-socket';
import { SILENCE_MS } from '../../src/lib/client/silence';

const room = { connect: () => ({ id: 'c1' }), disconnect() {} } as unknown as Room;
const registry = { acquire: async () => room, release() {} } as unknown as RoomRegistry;
const access = { gatheringId: 'g', identity: { actor: { kind: 'participant', id: 'p', name: 'P' }, name: 'P', role: 'participant' }, canWrite: false } as const;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the server’s heartbeat', () => {
	it('reaches every open socket well within the silence a client tolerates, and stops at shutdown', async () => {
		expect(HEARTBEAT_MS * 3).toBeLessThan(SILENCE_MS);
		const server = new RealtimeServer(registry);
		const [a, b] = [new MemorySocket(), new MemorySocket()];
		await server.handleConnection(a, access);
		await server.handleConnection(b, access);
		vi.advanceTimersByTime(HEARTBEAT_MS * 3);
		expect(a.sent).toHaveLength(3);
		expect(b.sent).toHaveLength(3);
		b.close(1000, 'bye');
		vi.advanceTimersByTime(HEARTBEAT_MS);
		expect(b.sent).toHaveLength(3);
		expect(a.sent).toHaveLength(4);
		server.disconnectAll();
		vi.advanceTimersByTime(HEARTBEAT_MS * 3);
		expect(a.sent).toHaveLength(4);
	});

	it('is an awareness message that a y-protocols client applies without any change', async () => {
		const server = new RealtimeServer(registry);
		const socket = new MemorySocket();
		await server.handleConnection(socket, access);
		vi.advanceTimersByTime(HEARTBEAT_MS);
		const decoder = decoding.createDecoder(socket.sent[0]);
		expect(decoding.readVarUint(decoder)).toBe(1); // y-websocket's awareness message
		const awareness = new Awareness(new Y.Doc());
		const changes: unknown[] = [];
		awareness.on('update', (change: unknown) => changes.push(change));
		applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server');
		expect(changes).toEqual([]);
		expect(awareness.getStates().size).toBe(1); // only its own
		server.disconnectAll();
	});
});
