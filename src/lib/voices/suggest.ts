/**
 * One suggestion at a time for the facilitator, from the balance and the queue. A nudge,
 * never a rule: the facilitator decides. The first that applies wins, in this order:
 * a turn running long while others wait, people not heard yet, one voice taking most of
 * the time.
 */
import type { Metrics } from './metrics';
import type { QueueEntry } from './queue';
import type { Turn } from './types';

export const LONG_TURN_MS = 3 * 60_000;
/** One voice above this share of the speaking time, with at least DOMINANT_MIN_PEOPLE present. */
export const DOMINANT_SHARE = 0.4;
export const DOMINANT_MIN_PEOPLE = 4;
/** Suggest a round from this many unheard people up; fewer are invited by name. */
export const ROUND_FROM = 3;

export type Suggestion =
	| { kind: 'long_turn'; participantId: string; minutes: number; waiting: number }
	| { kind: 'round'; count: number }
	| { kind: 'invite'; participantIds: string[] }
	| { kind: 'dominant'; percent: number };

export function suggest(input: { metrics: Metrics; queue: QueueEntry[]; live: Turn | null; now: number }): Suggestion | null {
	const { metrics, queue, live, now } = input;
	if (live && queue.length > 0) {
		const running = now - live.start - live.pausedMs - (live.pausedAt !== null ? now - live.pausedAt : 0);
		if (running >= LONG_TURN_MS) return { kind: 'long_turn', participantId: live.participantId, minutes: Math.floor(running / 60_000), waiting: queue.length };
	}
	// Someone unheard already waiting in the queue will be reached by the queue itself.
	const waiting = new Set(queue.map((e) => e.participantId));
	const unheard = metrics.notYetHeard.filter((p) => !waiting.has(p.id) && p.id !== live?.participantId);
	if (metrics.totalSpeakingMs > 0 && unheard.length >= ROUND_FROM) return { kind: 'round', count: unheard.length };
	if (metrics.totalSpeakingMs > 0 && unheard.length > 0) return { kind: 'invite', participantIds: unheard.map((p) => p.id) };
	if (metrics.present >= DOMINANT_MIN_PEOPLE && metrics.topShare > DOMINANT_SHARE) return { kind: 'dominant', percent: Math.round(metrics.topShare * 100) };
	return null;
}
