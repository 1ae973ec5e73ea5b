import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics';
import { suggest } from './suggest';
import type { QueueEntry } from './queue';
import type { Presence, Turn } from './types';
import { presentAllEvening, turn } from './test-fixtures';

const MIN = 60_000;
const now = 60 * MIN;
const here = presentAllEvening;
const liveTurn = (participantId: string, start: number): Turn => turn(participantId, start, 0, { end: null, status: 'live' });
const waiting = (...ids: string[]): QueueEntry[] => ids.map((participantId) => ({ participantId, kind: 'contribution', requestedAt: 0, approved: false, reason: 'first_time' }));
const metricsOf = (turns: Turn[], presence: Presence) => computeMetrics({ turns, presence, window: { from: 0, to: now }, now });

describe('one suggestion at a time', () => {
	it('says nothing before anybody spoke', () => {
		expect(suggest({ metrics: metricsOf([], here('a', 'b', 'c', 'd')), queue: [], live: null, now })).toBeNull();
	});

	it('offers a round when three or more present people have not been heard and are not waiting', () => {
		const turns = [turn('a', 0, 60)];
		const s = suggest({ metrics: metricsOf(turns, here('a', 'b', 'c', 'd', 'e')), queue: waiting('b'), live: null, now });
		expect(s).toEqual({ kind: 'round', count: 3 });
	});

	it('invites one or two unheard people by name (for the facilitator only)', () => {
		const turns = [turn('a', 0, 60), turn('b', MIN, 60)];
		expect(suggest({ metrics: metricsOf(turns, here('a', 'b', 'c')), queue: [], live: null, now })).toEqual({ kind: 'invite', participantIds: ['c'] });
	});

	it('puts a long turn with people waiting first', () => {
		const live = liveTurn('a', now - 4 * MIN);
		const s = suggest({ metrics: metricsOf([live], here('a', 'b', 'c', 'd')), queue: waiting('b', 'c'), live, now });
		expect(s).toEqual({ kind: 'long_turn', participantId: 'a', minutes: 4, waiting: 2 });
		// Without anyone waiting, a long turn is nobody's problem.
		expect(suggest({ metrics: metricsOf([live], here('a')), queue: [], live, now })).toBeNull();
	});

	it('points out one voice taking most of the time when everyone was heard', () => {
		const turns = [turn('a', 0, 600), turn('b', 11 * MIN, 60), turn('c', 12 * MIN, 60), turn('d', 13 * MIN, 60)];
		expect(suggest({ metrics: metricsOf(turns, here('a', 'b', 'c', 'd')), queue: [], live: null, now })).toEqual({ kind: 'dominant', percent: 77 });
		const even = [turn('a', 0, 60), turn('b', MIN, 60), turn('c', 2 * MIN, 60), turn('d', 3 * MIN, 60)];
		expect(suggest({ metrics: metricsOf(even, here('a', 'b', 'c', 'd')), queue: [], live: null, now })).toBeNull();
	});
});
