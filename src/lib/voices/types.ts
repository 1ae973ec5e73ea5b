/** The voices model: turns, presence and hands, as plain data (the board stores them; this folder reasons about them). */

export const TURN_SOURCES = ['manual', 'queue', 'vad'] as const;
export type TurnSource = (typeof TURN_SOURCES)[number];
export const TURN_KINDS = ['contribution', 'response', 'process'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];
export type TurnStatus = 'live' | 'closed' | 'voided';

/** Times are server-stamped milliseconds since the epoch. */
export type Turn = {
	id: string;
	participantId: string;
	/** The topic on the table when the turn started, or null. */
	topicId: string | null;
	start: number;
	/** null while live. */
	end: number | null;
	/** Paused time already accumulated. */
	pausedMs: number;
	/** Set while the turn is paused. */
	pausedAt: number | null;
	source: TurnSource;
	kind: TurnKind;
	status: TurnStatus;
	/** The turn this one corrects (a reassignment), or null. */
	corrects: string | null;
};

export type Interval = { start: number; end: number | null };

/** participantId → the intervals they were present (from connections and from being marked present). */
export type Presence = Record<string, Interval[]>;

/**
 * What the board stores per person. The two sources are kept apart so that a phone going
 * away does not end the presence the facilitator marked, nor the other way round.
 */
export type PresenceRecord = { connected: Interval[]; marked: Interval[] };

export type Window = { from: number; to: number };

export type HandRequest = {
	participantId: string;
	kind: TurnKind;
	requestedAt: number;
	/** Process points wait for the facilitator's approval before they are queued. */
	approved: boolean;
	/** Raised by the facilitator on behalf of someone without a phone. */
	byProxy?: boolean;
	/** The facilitator moved this hand by hand (logged). */
	moved?: boolean;
};
