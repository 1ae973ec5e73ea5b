/**
 * Reading a board without holding it. Exports, reports and forms only look at a board, so
 * they ask this port instead of loading a live room: the runtime's reader
 * (realtime/board-reader.ts) shows them the loaded room's doc when this node has one, and
 * otherwise the durable log folded into a doc for the moment.
 */
import type * as Y from 'yjs';

export type BoardReader = {
	/** `view` sees the doc synchronously and must not keep it: it is live, or destroyed right after. */
	read<T>(gatheringId: string, view: (doc: Y.Doc) => T): Promise<T>;
};
