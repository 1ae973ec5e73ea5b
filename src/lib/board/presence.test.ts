import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board } from './doc';
import { closeAllConnected, closePresence, isMarkedPresent, isPresentNow, openPresence, presenceOf } from './presence';
import { PRESENCE_GAP_MS } from '../voices/time';

describe('presence on the board', () => {
	it('reopens an interval after a short gap instead of adding one, and adds one after a long gap', () => {
		const b = board(new Y.Doc());
		expect(openPresence(b, 'ann', 'connected', 1000)).toBe(true);
		expect(openPresence(b, 'ann', 'connected', 2000)).toBe(false);
		closePresence(b, 'ann', 'connected', 10_000);
		openPresence(b, 'ann', 'connected', 10_000 + PRESENCE_GAP_MS - 1);
		expect(b.presence.get('ann')!.connected).toEqual([{ start: 1000, end: null }]);
		closePresence(b, 'ann', 'connected', 100_000);
		openPresence(b, 'ann', 'connected', 100_000 + PRESENCE_GAP_MS);
		expect(b.presence.get('ann')!.connected).toEqual([
			{ start: 1000, end: 100_000 },
			{ start: 100_000 + PRESENCE_GAP_MS, end: null }
		]);
	});

	it('keeps the facilitator\'s mark apart from connections', () => {
		const b = board(new Y.Doc());
		openPresence(b, 'ann', 'connected', 0);
		openPresence(b, 'ann', 'marked', 5000);
		closePresence(b, 'ann', 'connected', 9000);
		expect(isMarkedPresent(b.presence.get('ann'))).toBe(true);
		expect(isPresentNow(b.presence.get('ann'), 9000 + 10 * PRESENCE_GAP_MS)).toBe(true);
		closePresence(b, 'ann', 'marked', 20_000);
		expect(isPresentNow(b.presence.get('ann'), 20_000 + PRESENCE_GAP_MS - 1)).toBe(true);
		expect(isPresentNow(b.presence.get('ann'), 20_000 + PRESENCE_GAP_MS)).toBe(false);
		expect(presenceOf(b)).toEqual({ ann: [{ start: 0, end: 9000 }, { start: 5000, end: 20_000 }] });
	});

	it('closes what a stopped server left open, and only that', () => {
		const b = board(new Y.Doc());
		openPresence(b, 'ann', 'connected', 0);
		openPresence(b, 'bob', 'connected', 0);
		closePresence(b, 'bob', 'connected', 50);
		openPresence(b, 'cas', 'marked', 0);
		expect(closeAllConnected(b, 100)).toBe(1);
		expect(b.presence.get('ann')!.connected).toEqual([{ start: 0, end: 100 }]);
		expect(b.presence.get('bob')!.connected).toEqual([{ start: 0, end: 50 }]);
		expect(isMarkedPresent(b.presence.get('cas'))).toBe(true);
	});

	it('never records an end before the start', () => {
		const b = board(new Y.Doc());
		openPresence(b, 'ann', 'marked', 5000);
		closePresence(b, 'ann', 'marked', 4000);
		expect(b.presence.get('ann')!.marked).toEqual([{ start: 5000, end: 5000 }]);
	});
});
