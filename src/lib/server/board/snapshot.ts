/** A plain copy of one board, read through the board reader (no live room is loaded for it). */
import type * as Y from 'yjs';
import { board, parseDotKey } from '$lib/board/doc';
import { voicesOf, type VoicesData } from '$lib/board/voices-read';
import type { Topic } from '$lib/board/types';
import type { BoardReader } from './reader';

export type BoardSnapshot = { voices: VoicesData; topics: Topic[]; dots: { topicId: string; participantId: string; count: number }[] };

export function boardSnapshot(boards: BoardReader, gatheringId: string): Promise<BoardSnapshot> {
	return boards.read(gatheringId, snapshotOf);
}

function snapshotOf(doc: Y.Doc): BoardSnapshot {
	const b = board(doc);
	return {
		voices: voicesOf(b),
		topics: [...b.topics.values()],
		dots: [...b.dots.entries()].map(([key, count]) => ({ ...parseDotKey(key), count }))
	};
}
