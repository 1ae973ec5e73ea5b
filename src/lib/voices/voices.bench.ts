/**
 * `npm run bench:voices`: one recomputation — every metric over the whole gathering plus the
 * queue order — for 300 participants and 10,000 turns. Target: under 5 ms.
 */
import { bench, describe } from 'vitest';
import { computeMetrics } from './metrics';
import { orderQueue } from './queue';
import type { HandRequest, Presence, Turn } from './types';

const PEOPLE = 300;
const TURNS = 10_000;
const HOUR = 3_600_000;

let state = 42;
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const ids = Array.from({ length: PEOPLE }, (_, i) => `p${i}`);
const presence: Presence = Object.fromEntries(ids.map((id) => [id, [{ start: Math.floor(random() * HOUR), end: null }]]));
const turns: Turn[] = Array.from({ length: TURNS }, (_, i) => {
	const start = Math.floor((i / TURNS) * 3 * HOUR);
	return {
		id: `t${i}`,
		participantId: ids[Math.floor(random() ** 2 * PEOPLE)],
		topicId: `topic${Math.floor(i / 500)}`,
		start,
		end: start + 5_000 + Math.floor(random() * 60_000),
		pausedMs: 0,
		pausedAt: null,
		source: 'queue',
		kind: 'contribution',
		status: i % 97 === 0 ? 'voided' : 'closed',
		corrects: null
	};
});
const requests: HandRequest[] = ids.slice(0, 40).map((participantId, i) => ({ participantId, requestedAt: 3 * HOUR - i * 1000, kind: 'contribution', approved: true }));
const now = 3 * HOUR + 60_000;

describe(`voices: ${PEOPLE} participants, ${TURNS} turns`, () => {
	bench('metrics (whole gathering) + queue order', () => {
		const metrics = computeMetrics({ turns, presence, window: { from: 0, to: now }, now });
		const deficits = Object.fromEntries(metrics.people.map((p) => [p.id, p.deficitMs]));
		orderQueue({ requests, turns, now, topicId: 'topic19', responsesEnabled: true, hasLiveTurn: true, deficits, frozen: [] });
	});
});
