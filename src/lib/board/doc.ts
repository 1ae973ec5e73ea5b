/**
 * The board of one gathering is one Y.Doc. This module is the only place its top-level
 * names are spelled; everything else reads and writes through the helpers here (the keys of
 * `meta` are spelled in meta.ts, the doc's schema version and its migrations are in
 * migrations.ts).
 *
 * Writers: the server alone writes `meta`, `topics`, `dots`, `log`, `hands`, `turns`,
 * `presence`, `publicNames` and `erasures` (participants change them only through checked
 * commands); facilitators co-edit the Y.Text notes in `notes` over their write connection.
 */
import * as Y from 'yjs';
import type { Topic, BoardLogEntry } from './types';
import type { HandRequest, PresenceRecord, Turn } from '../voices/types';

export const KEYS = {
	meta: 'meta',
	topics: 'topics',
	dots: 'dots',
	notes: 'notes',
	log: 'log',
	hands: 'hands',
	turns: 'turns',
	presence: 'presence',
	publicNames: 'publicNames',
	erasures: 'erasures'
} as const;

export type Board = {
	doc: Y.Doc;
	/** Single values, read and written only through meta.ts. */
	meta: Y.Map<unknown>;
	topics: Y.Map<Topic>;
	/** `${topicId}|${participantId}` → number of that participant's dots on that topic (> 0). */
	dots: Y.Map<number>;
	notes: Y.Map<Y.Text>;
	log: Y.Array<BoardLogEntry>;
	/** participantId → their raised hand (one per person). */
	hands: Y.Map<HandRequest>;
	/** turnId → turn; at most one has status `live` (its id is `getLiveTurnId`). */
	turns: Y.Map<Turn>;
	/** participantId → when they were here (written by the server from connections and by the facilitator). */
	presence: Y.Map<PresenceRecord>;
	/** participantId → first name, only for people who agreed to have it shown on the projector. */
	publicNames: Y.Map<string>;
	/**
	 * One entry (the time, ms) per erasure of personal data from this board: a person who left
	 * or was removed, a whole gathering erased. Each is written in the same transaction that
	 * empties the names, so every replica that holds an entry also holds that erasure. A
	 * device's stored copy built before the last entry may still hold erased names in its raw
	 * updates and is rebuilt (src/lib/client/board-cache.ts). A list and not a counter: two
	 * nodes erasing at the same moment would both write "n + 1" to one counter and one of the
	 * two erasures would go unnoticed; two appended entries both stay.
	 */
	erasures: Y.Array<number>;
};

export function board(doc: Y.Doc): Board {
	return {
		doc,
		meta: doc.getMap(KEYS.meta),
		topics: doc.getMap<Topic>(KEYS.topics),
		dots: doc.getMap<number>(KEYS.dots),
		notes: doc.getMap<Y.Text>(KEYS.notes),
		log: doc.getArray<BoardLogEntry>(KEYS.log),
		hands: doc.getMap<HandRequest>(KEYS.hands),
		turns: doc.getMap<Turn>(KEYS.turns),
		presence: doc.getMap<PresenceRecord>(KEYS.presence),
		publicNames: doc.getMap<string>(KEYS.publicNames),
		erasures: doc.getArray<number>(KEYS.erasures)
	};
}

export function dotKey(topicId: string, participantId: string): string {
	return `${topicId}|${participantId}`;
}

export function parseDotKey(key: string): { topicId: string; participantId: string } {
	const at = key.indexOf('|');
	return { topicId: key.slice(0, at), participantId: key.slice(at + 1) };
}


/** How many erasures this copy of the board has seen (see `Board.erasures`). */
export function erasureCount(b: Board): number {
	return b.erasures.length;
}

/** Records an erasure; call inside the transaction that erases. */
export function recordErasure(b: Board, at: number): void {
	b.erasures.push([at]);
}
