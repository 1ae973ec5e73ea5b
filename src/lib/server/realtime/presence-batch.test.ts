import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESENCE_BATCH_MS, PresenceBatch, type PresenceChange } from './presence-batch';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function batch() {
	const written: PresenceChange[][] = [];
	let pending = 0;
	let clock = 1_000;
	const presence = new PresenceBatch({ write: (changes) => written.push(changes), hold: () => pending++, release: () => pending--, now: () => clock });
	return { presence, written, pending: () => pending, tick: (ms: number) => (clock += ms) };
}

describe('the presence batch', () => {
	it('writes a hall of connects as one change, each with its own time, after the batch interval', () => {
		const { presence, written, pending, tick } = batch();
		presence.add('a', true);
		tick(10);
		presence.add('b', true);
		tick(10);
		presence.add('a', false);
		expect(written).toEqual([]);
		expect(pending()).toBe(1);
		vi.advanceTimersByTime(PRESENCE_BATCH_MS);
		expect(written).toEqual([
			[
				{ id: 'a', connected: true, at: 1_000 },
				{ id: 'b', connected: true, at: 1_010 },
				{ id: 'a', connected: false, at: 1_020 }
			]
		]);
		expect(pending()).toBe(0);
	});

	it('writes at once when flushed, keeping order with a direct change made after it', () => {
		const { presence, written, pending } = batch();
		presence.add('a', true);
		presence.flush();
		expect(written).toHaveLength(1);
		expect(pending()).toBe(0);
		vi.advanceTimersByTime(PRESENCE_BATCH_MS * 2);
		// The timer was cleared with the flush: nothing is written twice.
		expect(written).toHaveLength(1);
		presence.flush();
		expect(written).toHaveLength(1);
	});

	it('starts a new batch after a flush and writes nothing once cancelled', () => {
		const { presence, written } = batch();
		presence.add('a', true);
		vi.advanceTimersByTime(PRESENCE_BATCH_MS);
		presence.add('b', true);
		presence.cancel();
		vi.advanceTimersByTime(PRESENCE_BATCH_MS * 2);
		expect(written.map((w) => w.map((c) => c.id))).toEqual([['a']]);
	});
});
