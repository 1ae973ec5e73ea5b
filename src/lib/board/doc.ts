/**
 * The board of one gathering is one Y.Doc. This module is the only place its top-level
 * names are spelled; everything else reads and writes through the helpers here.
 *
 * Writers: the server alone writes `meta`, `topics`, `dots`, `log`, `hands`, `turns`,
 * `presence` and `publicNames` (participants change them only through checked commands);
 * facilitators co-edit the Y.Text notes in `notes` over their write connection.
 */
import * as Y from 'yjs';
import type { Phase, Topic, LogEntry } from './types';
import type { HandRequest, PresenceRecord, Turn } from '../voices/types';

export const BOARD_SCHEMA_VERSION = 1;

export const KEYS = {
	meta: 'meta',
	topics: 'topics',
	dots: 'dots',
	notes: 'notes',
	log: 'log',
	hands: 'hands',
	turns: 'turns',
	presence: 'presence',
	publicNames: 'publicNames'
} as const;

export type Board = {
	doc: Y.Doc;
	meta: Y.Map<unknown>;
	topics: Y.Map<Topic>;
	/** `${topicId}|${participantId}` → number of that participant's dots on that topic (> 0). */
	dots: Y.Map<number>;
	notes: Y.Map<Y.Text>;
	log: Y.Array<LogEntry>;
	/** participantId → their raised hand (one per person). */
	hands: Y.Map<HandRequest>;
	/** turnId → turn; at most one has status `live` (its id is `meta.liveTurn`). */
	turns: Y.Map<Turn>;
	/** participantId → when they were here (written by the server from connections and by the facilitator). */
	presence: Y.Map<PresenceRecord>;
	/** participantId → first name, only for people who agreed to have it shown on the projector. */
	publicNames: Y.Map<string>;
};

export function board(doc: Y.Doc): Board {
	return {
		doc,
		meta: doc.getMap(KEYS.meta),
		topics: doc.getMap<Topic>(KEYS.topics),
		dots: doc.getMap<number>(KEYS.dots),
		notes: doc.getMap<Y.Text>(KEYS.notes),
		log: doc.getArray<LogEntry>(KEYS.log),
		hands: doc.getMap<HandRequest>(KEYS.hands),
		turns: doc.getMap<Turn>(KEYS.turns),
		presence: doc.getMap<PresenceRecord>(KEYS.presence),
		publicNames: doc.getMap<string>(KEYS.publicNames)
	};
}

export function dotKey(topicId: string, participantId: string): string {
	return `${topicId}|${participantId}`;
}

export function parseDotKey(key: string): { topicId: string; participantId: string } {
	const at = key.indexOf('|');
	return { topicId: key.slice(0, at), participantId: key.slice(at + 1) };
}

export function getPhase(b: Board): Phase {
	return (b.meta.get('phase') as Phase | undefined) ?? 'lobby';
}

export function getOnTable(b: Board): string | null {
	return (b.meta.get('onTable') as string | null | undefined) ?? null;
}
