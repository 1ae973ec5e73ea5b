import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { board } from '$lib/board/doc';
import { closePresence, openPresence } from '$lib/board/presence';
import { PRESENCE_GAP_MS } from '$lib/voices/time';
import { DISCONNECT_GRACE_MS, MAX_PRESENCE_BATCH_MS, PRESENCE_BATCH_MS, PresenceBatch, presenceBatchMs, type PresenceChange } from './presence-batch';

beforeEach(() => vi.useFakeTimers({ now: 1_000 }));
afterEach(() => vi.useRealTimers());

function batch() {
	const written: PresenceChange[][] = [];
	let pending = 0;
	const presence = new PresenceBatch({ write: (changes) => written.push(changes), hold: () => pending++, release: () => pending--, now: () => Date.now() });
	return { presence, written, pending: () => pending };
}

describe('the presence batch', () => {
	it('writes a hall of connects as one change, each with its own time, after the batch interval', () => {
		const { presence, written, pending } = batch();
		presence.add('a', true);
		vi.advanceTimersByTime(10);
		presence.add('b', true);
		expect(written).toEqual([]);
		expect(pending()).toBe(1);
		vi.advanceTimersByTime(PRESENCE_BATCH_MS);
		expect(written).toEqual([
			[
				{ id: 'a', connected: true, at: 1_000 },
				{ id: 'b', connected: true, at: 1_010 }
			]
		]);
		expect(pending()).toBe(0);
	});

	it('holds a disconnect for its grace, then writes it with the time it happened', () => {
		const { presence, written, pending } = batch();
		presence.add('a', false);
		vi.advanceTimersByTime(PRESENCE_BATCH_MS);
		expect(written).toEqual([]);
		expect(pending()).toBe(1);
		vi.advanceTimersByTime(DISCONNECT_GRACE_MS);
		expect(written).toEqual([[{ id: 'a', connected: false, at: 1_000 }]]);
		expect(pending()).toBe(0);
	});

	it('writes nothing at all when a whole hall drops and comes back within the grace', () => {
		const { presence, written, pending } = batch();
		for (const id of ['a', 'b', 'c']) presence.add(id, false);
		vi.advanceTimersByTime(DISCONNECT_GRACE_MS / 2);
		for (const id of ['c', 'a', 'b']) presence.add(id, true);
		expect(pending()).toBe(0);
		vi.advanceTimersByTime(DISCONNECT_GRACE_MS * 2);
		expect(written).toEqual([]);
	});

	it('leaves the board as writing both would have: the interval stays open with its old start', () => {
		// The grace is only safe below the presence gap, which reopens an interval closed shortly before.
		expect(DISCONNECT_GRACE_MS).toBeLessThan(PRESENCE_GAP_MS);
		const written = new Y.Doc();
		const b = board(written);
		openPresence(b, 'a', 'connected', 0);
		closePresence(b, 'a', 'connected', 5_000);
		openPresence(b, 'a', 'connected', 5_000 + DISCONNECT_GRACE_MS - 1);
		expect(b.presence.get('a')!.connected).toEqual([{ start: 0, end: null }]);
	});

	it('writes every waiting change at once when flushed, held disconnects too, in time order', () => {
		const { presence, written, pending } = batch();
		presence.add('a', false);
		vi.advanceTimersByTime(5);
		presence.add('b', true);
		presence.flush();
		expect(written).toEqual([
			[
				{ id: 'a', connected: false, at: 1_000 },
				{ id: 'b', connected: true, at: 1_005 }
			]
		]);
		expect(pending()).toBe(0);
		vi.advanceTimersByTime(DISCONNECT_GRACE_MS * 2);
		expect(written).toHaveLength(1);
	});

	it('gathers longer in a fuller room, between the two bounds', () => {
		expect(presenceBatchMs(3)).toBe(PRESENCE_BATCH_MS);
		expect(presenceBatchMs(600)).toBe(600);
		expect(presenceBatchMs(5_000)).toBe(MAX_PRESENCE_BATCH_MS);
		const written: PresenceChange[][] = [];
		const presence = new PresenceBatch({ write: (c) => written.push(c), hold: () => {}, release: () => {}, now: () => 0, batchMs: () => 800 });
		presence.add('a', true);
		vi.advanceTimersByTime(PRESENCE_BATCH_MS);
		expect(written).toEqual([]);
		vi.advanceTimersByTime(800 - PRESENCE_BATCH_MS);
		expect(written).toHaveLength(1);
	});

	it('writes nothing once cancelled', () => {
		const { presence, written } = batch();
		presence.add('a', true);
		presence.add('b', false);
		presence.cancel();
		vi.advanceTimersByTime(DISCONNECT_GRACE_MS * 2);
		expect(written).toEqual([]);
	});
});
