/**
 * The runtime's board reader (board/reader.ts). A board loaded on this node is read from its
 * room, which holds everything acknowledged. Any other board is read from the durable log
 * into a throwaway doc: acknowledged means durable, so the log holds every answered change.
 *
 * Presence left open in the log by a server that stopped without closing it is closed at the
 * time of reading, as loading the room would (room.ts `load`) — on a single node only: with
 * several nodes the person may really be connected elsewhere, and the cluster keeps presence.
 */
import * as Y from 'yjs';
import { board } from '$lib/board/doc';
import { closeAllConnected } from '$lib/board/presence';
import type { Db } from '../db/client';
import { loadBoardLog } from '../board/store';
import type { BoardReader } from '../board/reader';
import type { RoomRegistry } from './registry';

export function createBoardReader(options: { db: Db; registry: RoomRegistry; closeOpenPresence: boolean; now?: () => number }): BoardReader {
	const { db, registry } = options;
	const now = options.now ?? Date.now;
	return {
		async read<T>(gatheringId: string, view: (doc: Y.Doc) => T): Promise<T> {
			if (registry.has(gatheringId)) {
				const room = await registry.acquire(gatheringId);
				try {
					return view(room.doc);
				} finally {
					registry.release(room);
				}
			}
			const log = await loadBoardLog(db, gatheringId);
			const doc = new Y.Doc({ gc: true });
			try {
				doc.transact(() => {
					if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
					for (const u of log.updates) Y.applyUpdate(doc, u);
					if (options.closeOpenPresence) closeAllConnected(board(doc), now());
				});
				return view(doc);
			} finally {
				doc.destroy();
			}
		}
	};
}
