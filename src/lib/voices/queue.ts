/**
 * The speaking queue as a progressive stack. Tiers, in order:
 *   0. the first places already shown (they freeze, so nobody is overtaken after being told "you are next"),
 *      and places the facilitator set by hand;
 *   1. process points the facilitator approved;
 *   2. one direct response to the current turn, when responses are enabled;
 *   3. people with no turn yet in this gathering;
 *   4. people with no turn yet on the topic on the table;
 *   5. everyone else by deficit plus a waiting-time term, so nobody waits forever.
 * Ties go by request time. Process points not yet approved wait outside the queue.
 */
import type { HandRequest, Turn } from './types';

export const FROZEN_PLACES = 2;
/** Each second of waiting weighs as much as this many seconds of deficit. */
export const WAIT_WEIGHT = 1;

export type QueueReason = 'shown' | 'moved' | 'process' | 'response' | 'first_time' | 'new_on_topic' | 'balance';

export type QueueEntry = HandRequest & { reason: QueueReason };

export type QueueInput = {
	requests: HandRequest[];
	/** The whole gathering's turns (voided ones are ignored). */
	turns: Turn[];
	now: number;
	topicId: string | null;
	responsesEnabled: boolean;
	/** Someone holds the floor: a response only makes sense then. */
	hasLiveTurn: boolean;
	/** participantId → deficit in ms (from the metrics); missing means 0. */
	deficits: Record<string, number>;
	/**
	 * Participant ids in the frozen first places, in order: the places already shown, and
	 * any the facilitator set by hand (which may reach further down than the shown ones).
	 */
	frozen: string[];
};

export type QueueResult = { queue: QueueEntry[]; awaitingApproval: HandRequest[] };

export function orderQueue(input: QueueInput): QueueResult {
	const spokeAtAll = new Set<string>();
	const spokeOnTopic = new Set<string>();
	for (const t of input.turns) {
		if (t.status === 'voided') continue;
		spokeAtAll.add(t.participantId);
		if (input.topicId !== null && t.topicId === input.topicId) spokeOnTopic.add(t.participantId);
	}
	const byTime = (a: HandRequest, b: HandRequest) =>
		a.requestedAt - b.requestedAt || (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0);

	const awaitingApproval = input.requests.filter((r) => r.kind === 'process' && !r.approved).sort(byTime);
	const waiting = input.requests.filter((r) => !(r.kind === 'process' && !r.approved));
	const taken = new Set<string>();
	const queue: QueueEntry[] = [];
	const place = (r: HandRequest, reason: QueueReason) => {
		taken.add(r.participantId);
		queue.push({ ...r, reason });
	};

	const requestOf = new Map(waiting.map((r) => [r.participantId, r]));
	for (const id of input.frozen) {
		const r = requestOf.get(id);
		if (r && !taken.has(id)) place(r, r.moved ? 'moved' : 'shown');
	}
	const rest = () => waiting.filter((r) => !taken.has(r.participantId)).sort(byTime);

	for (const r of rest()) if (r.kind === 'process') place(r, 'process');
	if (input.responsesEnabled && input.hasLiveTurn) {
		const response = rest().find((r) => r.kind === 'response');
		if (response) place(response, 'response');
	}
	for (const r of rest()) if (!spokeAtAll.has(r.participantId)) place(r, 'first_time');
	if (input.topicId !== null) for (const r of rest()) if (!spokeOnTopic.has(r.participantId)) place(r, 'new_on_topic');
	const score = (r: HandRequest) => (input.deficits[r.participantId] ?? 0) + WAIT_WEIGHT * (input.now - r.requestedAt);
	for (const r of rest().sort((a, b) => score(b) - score(a) || byTime(a, b))) place(r, 'balance');
	return { queue, awaitingApproval };
}

/** The frozen places after showing `queue`: those still waiting keep theirs, the rest fill up. */
export function freezeShown(queue: QueueEntry[], previous: string[]): string[] {
	const waiting = new Set(queue.map((e) => e.participantId));
	const frozen = previous.filter((id) => waiting.has(id));
	for (const e of queue) {
		if (frozen.length >= FROZEN_PLACES) break;
		if (!frozen.includes(e.participantId)) frozen.push(e.participantId);
	}
	return frozen;
}
