/** Read helpers: plain views of the board for screens, tests and exports. */
import type * as Y from 'yjs';
import { board, parseDotKey } from './doc';
import { getOnTable, getPhase } from './meta';
import type { Phase, Topic } from './types';

export type AgendaItem = Topic & {
	dots: number;
	/** The viewer's own dots on this topic. */
	myDots: number;
	onTable: boolean;
};

export type BoardView = {
	phase: Phase;
	onTable: AgendaItem | null;
	/** Pinned first (in their order), then by dots, then oldest first; then parked, then discussed. */
	agenda: AgendaItem[];
	myDotsSpent: number;
	mergedCount: number;
};

const STATUS_RANK: Record<string, number> = { open: 0, parked: 1, discussed: 2 };

export function readBoard(doc: Y.Doc, options: { viewerId?: string | null; includeHidden?: boolean } = {}): BoardView {
	const b = board(doc);
	const totals = new Map<string, number>();
	const mine = new Map<string, number>();
	let myDotsSpent = 0;
	for (const [key, n] of b.dots.entries()) {
		const { topicId, participantId } = parseDotKey(key);
		totals.set(topicId, (totals.get(topicId) ?? 0) + n);
		if (participantId === options.viewerId) {
			mine.set(topicId, n);
			myDotsSpent += n;
		}
	}
	const onTableId = getOnTable(b);
	let mergedCount = 0;
	const agenda: AgendaItem[] = [];
	for (const topic of b.topics.values()) {
		if (topic.status === 'merged') mergedCount++;
		if (topic.status === 'withdrawn' || topic.status === 'merged') continue;
		if (topic.hidden && !options.includeHidden) continue;
		agenda.push({
			...topic,
			dots: totals.get(topic.id) ?? 0,
			myDots: mine.get(topic.id) ?? 0,
			onTable: topic.id === onTableId
		});
	}
	agenda.sort(compareAgenda);
	return {
		phase: getPhase(b),
		onTable: agenda.find((t) => t.onTable) ?? null,
		agenda,
		myDotsSpent,
		mergedCount
	};
}

function compareAgenda(x: AgendaItem, y: AgendaItem): number {
	const rank = (STATUS_RANK[x.status] ?? 3) - (STATUS_RANK[y.status] ?? 3);
	if (rank !== 0) return rank;
	if (x.pin !== null || y.pin !== null) {
		if (x.pin === null) return 1;
		if (y.pin === null) return -1;
		return x.pin - y.pin;
	}
	return y.dots - x.dots || x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1);
}

/** Topics merged into `topicId`, for showing what a merged topic is made of. */
export function mergedInto(doc: Y.Doc, topicId: string): Topic[] {
	return [...board(doc).topics.values()].filter((t) => t.status === 'merged' && t.merge?.into === topicId);
}
