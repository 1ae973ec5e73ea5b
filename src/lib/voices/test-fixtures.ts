/** Small builders for the voices tests: a turn of so many seconds, people present all evening. */
import type { Presence, Turn } from './types';

let seq = 0;

/** A closed turn of `seconds` from `start`; `extra` overrides any field (a live turn: `{ end: null, status: 'live' }`). */
export function turn(participantId: string, start: number, seconds: number, extra: Partial<Turn> = {}): Turn {
	return {
		id: `t${++seq}`,
		participantId,
		topicId: null,
		start,
		end: start + seconds * 1000,
		pausedMs: 0,
		pausedAt: null,
		source: 'manual',
		kind: 'contribution',
		status: 'closed',
		corrects: null,
		...extra
	};
}

export const presentAllEvening = (...ids: string[]): Presence => Object.fromEntries(ids.map((id) => [id, [{ start: 0, end: null }]]));
