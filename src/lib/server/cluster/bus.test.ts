import { describe, expect, it } from 'vitest';
import { MemoryBus, MemoryHub, decodeBusMessage, encodeBusMessage, type BusMessage } from './bus';

const update: BusMessage = { kind: 'update', node: 'a', gatheringId: 'g1', sentAt: 1_700_000_000_123.5, prevId: 41, id: 42, update: new Uint8Array([1, 2, 3]) };

describe('bus messages', () => {
	it('round-trip updates and awareness', () => {
		expect(decodeBusMessage(encodeBusMessage(update))).toEqual(update);
		const awareness: BusMessage = { kind: 'awareness', node: 'b', gatheringId: 'g2', sentAt: 5, update: new Uint8Array([9]) };
		expect(decodeBusMessage(encodeBusMessage(awareness))).toEqual(awareness);
	});

	it('ignores what it cannot read: another version, garbage, truncation', () => {
		const bytes = encodeBusMessage(update);
		expect(decodeBusMessage(new Uint8Array([2, ...bytes.slice(1)]))).toBeNull();
		expect(decodeBusMessage(new Uint8Array([1, 7]))).toBeNull();
		expect(decodeBusMessage(bytes.slice(0, bytes.length - 2))).toBeNull();
	});

	it('in memory: reaches the other subscribed nodes, never the sender, and can lose messages on purpose', async () => {
		const hub = new MemoryHub();
		const [a, b, c] = ['a', 'b', 'c'].map((n) => new MemoryBus(hub, n));
		const got: Record<string, number[]> = { a: [], b: [], c: [] };
		a.onMessage((m) => got.a.push((m as { id: number }).id));
		b.onMessage((m) => got.b.push((m as { id: number }).id));
		c.onMessage((m) => got.c.push((m as { id: number }).id));
		await Promise.all([a, b, c].map((bus) => bus.subscribe('g1')));
		hub.drop = (m, to) => to === c && (m as { id: number }).id === 43;
		await a.publish(update);
		await a.publish({ ...update, prevId: 42, id: 43 });
		await new Promise((r) => setTimeout(r, 0));
		expect(got).toEqual({ a: [], b: [42, 43], c: [42] });
	});
});

describe('bus messages about people', () => {
	it('round-trip a request to close a person\'s sockets', () => {
		const m: BusMessage = { kind: 'disconnect', node: 'a', gatheringId: 'g1', sentAt: 7, actorId: 'p1' };
		expect(decodeBusMessage(encodeBusMessage(m))).toEqual(m);
	});
});
