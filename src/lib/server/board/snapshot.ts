/** A plain copy of one board, read from its room (loaded for the moment if nobody has it open). */
import { board, parseDotKey } from '$lib/board/doc';
import { voicesOf, type VoicesData } from '$lib/board/voices-read';
import type { Topic } from '$lib/board/types';
import type { RoomRegistry } from '../realtime/registry';

export type BoardSnapshot = { voices: VoicesData; topics: Topic[]; dots: { topicId: string; participantId: string; count: number }[] };

export async function boardSnapshot(registry: RoomRegistry, gatheringId: string): Promise<BoardSnapshot> {
	const room = await registry.acquire(gatheringId);
	try {
		const b = board(room.doc);
		return {
			voices: voicesOf(b),
			topics: [...b.topics.values()],
			dots: [...b.dots.entries()].map(([key, count]) => ({ ...parseDotKey(key), count }))
		};
	} finally {
		registry.release(room);
	}
}
