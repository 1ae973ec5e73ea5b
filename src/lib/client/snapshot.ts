/**
 * Plain, immutable reads of a board for the reactive views: each call returns fresh objects,
 * which the views hold in `$state.raw` and replace whole on every change.
 */
import type * as Y from 'yjs';
import { board } from '$lib/board/doc';
import { getCounter } from '$lib/board/meta';
import { readBoard, type BoardView } from '$lib/board/read';
import type { Topic } from '$lib/board/types';
import { voicesOf, type VoicesData } from '$lib/board/voices-read';

export type PresentUser = { id: string; name: string; role: string };

export type BoardSnapshot = {
	view: BoardView;
	/** Every topic id in the doc, whatever its status. */
	topicIds: ReadonlySet<string>;
	/** Topics merged into each topic, by target id. */
	merged: ReadonlyMap<string, Topic[]>;
	voices: VoicesData;
	/** Moves whenever the after-session changed (its data is fetched, never on the board). */
	nazitVersion: number;
	/** The doc holds a board (from the server or a cache), not just an empty shell. */
	hasContent: boolean;
};

export const EMPTY_VIEW: BoardView = { phase: 'lobby', onTable: null, agenda: [], myDotsSpent: 0, mergedCount: 0 };
export const NO_IDS: ReadonlySet<string> = new Set();
export const NO_MERGES: ReadonlyMap<string, Topic[]> = new Map();
export const NOBODY: ReadonlyMap<string, PresentUser> = new Map();

export function snapshotBoard(doc: Y.Doc, options: { viewerId?: string | null; includeHidden?: boolean }): BoardSnapshot {
	const b = board(doc);
	const merged = new Map<string, Topic[]>();
	for (const topic of b.topics.values()) {
		const into = topic.status === 'merged' ? topic.merge?.into : undefined;
		if (into) merged.set(into, [...(merged.get(into) ?? []), topic]);
	}
	return {
		view: readBoard(doc, { viewerId: options.viewerId ?? null, includeHidden: options.includeHidden ?? false }),
		topicIds: new Set(b.topics.keys()),
		merged,
		voices: voicesOf(b),
		nazitVersion: getCounter(b, 'nazitVersion'),
		hasContent: b.topics.size > 0 || b.meta.size > 0
	};
}

/** Who is here, from awareness states: `user` is stamped by the server from each connection's session. */
export function presentUsers(states: Iterable<unknown>): ReadonlyMap<string, PresentUser> {
	const present = new Map<string, PresentUser>();
	for (const state of states) {
		const user = (state as { user?: Partial<PresentUser> } | null)?.user;
		if (user && typeof user.id === 'string') {
			present.set(user.id, { id: user.id, name: String(user.name ?? ''), role: String(user.role ?? '') });
		}
	}
	return present;
}
