export const PHASES = ['lobby', 'agenda', 'nazit', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

export const TOPIC_STATUS = {
	open: 'open',
	discussed: 'discussed',
	parked: 'parked',
	withdrawn: 'withdrawn',
	merged: 'merged'
} as const;
export type TopicStatus = (typeof TOPIC_STATUS)[keyof typeof TOPIC_STATUS];

/** What a merge moved, so that `unmerge` can put every dot back. */
export type MergeRecord = {
	into: string;
	/** participantId → dots moved onto the target. */
	moved: Record<string, number>;
	/** participantId → dots given back because the target would exceed the per-topic maximum. */
	returned: Record<string, number>;
	/** Authors added to the target by this merge. */
	addedAuthors: string[];
	previousStatus: TopicStatus;
};

/** A topic as stored: a plain value, replaced whole on every change (only the server writes it). */
export type Topic = {
	id: string;
	title: string;
	details: string;
	authorId: string;
	authorName: string;
	/** Authors of topics merged into this one. */
	coAuthors: { id: string; name: string }[];
	createdAt: number;
	status: TopicStatus;
	hidden: boolean;
	/** Position among pinned topics (lower first), or null when not pinned. */
	pin: number | null;
	outcome: string;
	merge: MergeRecord | null;
	/** Added by the facilitator on behalf of someone without a phone. */
	byProxy?: boolean;
};

/** One facilitator action in the board's own log (`Board.log`); not the server's durable update log. */
export type BoardLogEntry = {
	at: number;
	actor: string;
	action: 'pin' | 'unpin' | 'reorder' | 'hide' | 'unhide' | 'merge' | 'unmerge' | 'phase' | 'floor' | 'void' | 'reassign' | 'move' | 'proxy';
	topicId?: string;
	detail?: string;
};

export type Actor =
	| { kind: 'participant'; id: string; name: string }
	| { kind: 'facilitator'; id: string };

export type BoardSettings = { dotsPerParticipant: number; maxDotsPerTopic: number };
