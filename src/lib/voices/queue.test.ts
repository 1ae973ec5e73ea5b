import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freezeShown, orderQueue, type QueueInput } from './queue';
import type { HandRequest, Turn } from './types';

const hand = (participantId: string, requestedAt: number, kind: HandRequest['kind'] = 'contribution', approved = true): HandRequest => ({
	participantId,
	requestedAt,
	kind,
	approved
});
const spoke = (participantId: string, topicId: string | null = null): Turn => ({
	id: `turn-${participantId}-${topicId}`,
	participantId,
	topicId,
	start: 0,
	end: 10_000,
	pausedMs: 0,
	pausedAt: null,
	source: 'manual',
	kind: 'contribution',
	status: 'closed',
	corrects: null
});
const base: QueueInput = { requests: [], turns: [], now: 100_000, topicId: 'x', responsesEnabled: true, hasLiveTurn: true, deficits: {}, frozen: [] };
const order = (input: Partial<QueueInput>) => orderQueue({ ...base, ...input }).queue.map((e) => `${e.participantId}:${e.reason}`);

describe('queue order, tier by tier', () => {
	it('approved process points first, then one response, then first-timers, then new on the topic, then balance', () => {
		const result = order({
			requests: [
				hand('veteran', 1), // spoke on this topic
				hand('newOnTopic', 2), // spoke before, not on x
				hand('firstTime', 3),
				hand('responder', 4, 'response'),
				hand('responder2', 5, 'response'),
				hand('process', 6, 'process')
			],
			turns: [spoke('veteran', 'x'), spoke('newOnTopic', 'y'), spoke('responder', 'x'), spoke('responder2', 'x')]
		});
		expect(result).toEqual([
			'process:process',
			'responder:response',
			'firstTime:first_time',
			'newOnTopic:new_on_topic',
			'veteran:balance',
			'responder2:balance'
		]);
	});

	it('keeps process points that are not approved out of the queue', () => {
		const { queue, awaitingApproval } = orderQueue({ ...base, requests: [hand('p', 1, 'process', false), hand('a', 2)] });
		expect(queue.map((e) => e.participantId)).toEqual(['a']);
		expect(awaitingApproval.map((r) => r.participantId)).toEqual(['p']);
	});

	it('treats responses as ordinary hands when responses are off or nobody has the floor', () => {
		expect(order({ requests: [hand('r', 1, 'response')], responsesEnabled: false })).toEqual(['r:first_time']);
		expect(order({ requests: [hand('r', 1, 'response')], hasLiveTurn: false })).toEqual(['r:first_time']);
	});

	it('orders the rest by deficit plus waiting time, ties by request time', () => {
		const turns = [spoke('a', 'x'), spoke('b', 'x'), spoke('c', 'x')];
		expect(order({ requests: [hand('a', 50_000), hand('b', 50_000), hand('c', 40_000)], turns, deficits: { a: 30_000, b: 0, c: 0 } })).toEqual([
			'a:balance',
			'c:balance',
			'b:balance'
		]);
	});

	it('freezes the first places once shown: a newcomer does not overtake them', () => {
		const turns = [spoke('a', 'x'), spoke('b', 'x')];
		const first = orderQueue({ ...base, requests: [hand('a', 1), hand('b', 2)], turns });
		const frozen = freezeShown(first.queue, []);
		expect(frozen).toEqual(['a', 'b']);
		expect(order({ requests: [hand('a', 1), hand('b', 2), hand('new', 3)], turns, frozen })).toEqual(['a:shown', 'b:shown', 'new:first_time']);
		// Once a has had the floor, the next person fills the frozen place.
		const later = orderQueue({ ...base, requests: [hand('b', 2), hand('new', 3)], turns, frozen });
		expect(freezeShown(later.queue, frozen)).toEqual(['b', 'new']);
	});
});

describe('queue, properties', () => {
	const requestsArb = fc
		.uniqueArray(fc.record({ id: fc.constantFrom(...'abcdefghijkl'), at: fc.integer({ min: 0, max: 90_000 }), kind: fc.constantFrom('contribution', 'response', 'process'), approved: fc.boolean() }), {
			selector: (r) => r.id,
			maxLength: 12
		})
		.map((rs) => rs.map((r) => hand(r.id, r.at, r.kind as HandRequest['kind'], r.approved)));

	it('never loses or duplicates a hand', () => {
		fc.assert(
			fc.property(requestsArb, fc.array(fc.constantFrom(...'abcdefghijkl'), { maxLength: 6 }), fc.subarray([...'abcdefghijkl']), (requests, spokeIds, frozen) => {
				const { queue, awaitingApproval } = orderQueue({ ...base, requests, turns: spokeIds.map((id) => spoke(id, 'x')), frozen });
				const ids = [...queue, ...awaitingApproval].map((e) => e.participantId).sort();
				expect(ids).toEqual(requests.map((r) => r.participantId).sort());
				// Frozen places come first, in their frozen order, and only for hands still waiting.
				const shown = queue.filter((e) => e.reason === 'shown').map((e) => e.participantId);
				expect(shown).toEqual(frozen.filter((id) => requests.some((r) => r.participantId === id && !(r.kind === 'process' && !r.approved))));
				expect(queue.slice(0, shown.length).map((e) => e.participantId)).toEqual(shown);
			})
		);
	});

	it('lets nobody starve: a hand that waits long enough reaches the front of its tier', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3_600_000 }), (bigDeficit) => {
				const turns = [spoke('patient', 'x'), spoke('loud', 'x')];
				const requestedAt = 0;
				// The loud speaker has a huge deficit and just raised a hand; the patient one keeps waiting.
				const now = requestedAt + bigDeficit + 1_000;
				const result = orderQueue({ ...base, now, turns, requests: [hand('patient', requestedAt), hand('loud', now)], deficits: { loud: bigDeficit, patient: 0 } });
				expect(result.queue[0].participantId).toBe('patient');
			})
		);
	});
});
