/**
 * The voices part of a board as plain data, and what every screen derives from it. The
 * queue is computed from this data alone (turns, hands, presence, the frozen places), so
 * every screen that reads the same board at the same moment shows the same order; the
 * server uses the same function when "next" gives the floor.
 */
import type { Board } from './doc';
import { getFrozen, getLiveTurnId, getOnTable, responsesEnabled } from './meta';
import { computeMetrics, type Metrics } from '../voices/metrics';
import { orderQueue, type QueueResult } from '../voices/queue';
import type { HandRequest, Presence, PresenceRecord, Turn } from '../voices/types';

export type VoicesData = {
	turns: Turn[];
	hands: HandRequest[];
	presence: Record<string, PresenceRecord>;
	/** First names of people who agreed to have theirs on the projector. */
	publicNames: Record<string, string>;
	liveTurnId: string | null;
	frozen: string[];
	responsesEnabled: boolean;
	onTable: string | null;
};

export const NO_VOICES: VoicesData = {
	turns: [],
	hands: [],
	presence: {},
	publicNames: {},
	liveTurnId: null,
	frozen: [],
	responsesEnabled: false,
	onTable: null
};

export function voicesOf(b: Board): VoicesData {
	return {
		turns: [...b.turns.values()],
		hands: [...b.hands.values()],
		presence: Object.fromEntries(b.presence.entries()),
		publicNames: Object.fromEntries(b.publicNames.entries()),
		liveTurnId: getLiveTurnId(b),
		frozen: getFrozen(b),
		responsesEnabled: responsesEnabled(b),
		onTable: getOnTable(b)
	};
}

export function livePart(data: VoicesData): Turn | null {
	const turn = data.liveTurnId ? data.turns.find((t) => t.id === data.liveTurnId) : undefined;
	return turn && turn.status === 'live' ? turn : null;
}

export function presenceFrom(data: VoicesData): Presence {
	const presence: Presence = {};
	for (const [id, r] of Object.entries(data.presence)) presence[id] = [...r.connected, ...r.marked];
	return presence;
}

/** Deficits over the whole gathering order the queue's last tier. */
export function queueOf(data: VoicesData, now: number): QueueResult {
	const metrics = computeMetrics({ turns: data.turns, presence: presenceFrom(data), window: { from: 0, to: now }, now });
	return orderQueue({
		requests: data.hands,
		turns: data.turns,
		now,
		topicId: data.onTable,
		responsesEnabled: data.responsesEnabled,
		hasLiveTurn: livePart(data) !== null,
		deficits: Object.fromEntries(metrics.people.map((p) => [p.id, p.deficitMs])),
		frozen: data.frozen
	});
}

export const RECENT_WINDOW_MS = 20 * 60_000;
export type BalanceWindow = 'gathering' | 'topic' | 'recent';

/** The balance over one of the three windows the facilitator can choose. */
export function balanceOf(data: VoicesData, now: number, window: BalanceWindow): Metrics {
	const from = window === 'recent' ? now - RECENT_WINDOW_MS : 0;
	return computeMetrics({
		turns: data.turns,
		presence: presenceFrom(data),
		window: { from, to: now },
		now,
		...(window === 'topic' ? { topicId: data.onTable } : {})
	});
}
