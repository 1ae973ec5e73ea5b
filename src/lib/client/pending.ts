/**
 * What a phone shows while some of its commands wait in the outbox: the live board as the
 * server has it, with the person's own waiting commands laid over it. The overlay is only a
 * preview — the server may still refuse a command, and then the next board update shows the
 * truth again — so it never changes another person's data, only counts and texts of one's own.
 */
import type { AgendaItem, BoardView } from '$lib/board/read';

export type WaitingCommand = { id: string; type: string; args: Record<string, unknown> };

export type ShownItem = AgendaItem & {
	/** One of the viewer's commands about this topic has not been answered yet. */
	waiting: boolean;
};

export type NewTopic = {
	id: string;
	title: string;
	details: string;
	/** true: still in the outbox; false: accepted, the live board has not shown it yet. */
	waiting: boolean;
};

export type ShownBoard = Omit<BoardView, 'agenda' | 'onTable'> & {
	agenda: ShownItem[];
	onTable: ShownItem | null;
	/** Topics this phone added that are not on the live board yet, oldest first. */
	newTopics: NewTopic[];
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function withWaiting(
	view: BoardView,
	waiting: readonly WaitingCommand[],
	acknowledged: readonly { id: string; title: string; details: string }[] = [],
	/** Ids of every topic in the doc, whatever its status (a new topic may be hidden or merged at once). */
	known: ReadonlySet<string> = new Set(view.agenda.map((t) => t.id))
): ShownBoard {
	const items = new Map<string, ShownItem>(view.agenda.map((item) => [item.id, { ...item, waiting: false }]));
	const withdrawn = new Set<string>();
	const newTopics = new Map<string, NewTopic>();
	let myDotsSpent = view.myDotsSpent;

	for (const command of waiting) {
		const topicId = text(command.args.topicId);
		const item = items.get(topicId);
		switch (command.type) {
			case 'addTopic':
				if (!known.has(command.id) && !withdrawn.has(command.id)) {
					newTopics.set(command.id, { id: command.id, title: text(command.args.title), details: text(command.args.details), waiting: true });
				}
				break;
			case 'editTopic':
				if (item) items.set(topicId, { ...item, title: text(command.args.title), details: text(command.args.details), waiting: true });
				break;
			case 'withdrawTopic':
				if (item) myDotsSpent -= item.myDots;
				items.delete(topicId);
				newTopics.delete(topicId);
				withdrawn.add(topicId);
				break;
			case 'placeDot':
				if (item) {
					items.set(topicId, { ...item, dots: item.dots + 1, myDots: item.myDots + 1, waiting: true });
					myDotsSpent++;
				}
				break;
			case 'removeDot':
				if (item && item.myDots > 0) {
					items.set(topicId, { ...item, dots: item.dots - 1, myDots: item.myDots - 1, waiting: true });
					myDotsSpent--;
				}
				break;
		}
	}
	for (const topic of acknowledged) {
		if (!known.has(topic.id) && !newTopics.has(topic.id) && !withdrawn.has(topic.id)) {
			newTopics.set(topic.id, { ...topic, waiting: false });
		}
	}
	// The order stays the server's: a row must not jump away from the finger that tapped it.
	const agenda = view.agenda.map((t) => items.get(t.id)).filter((t): t is ShownItem => t !== undefined);
	return {
		...view,
		agenda,
		onTable: agenda.find((t) => t.onTable) ?? null,
		myDotsSpent: Math.max(0, myDotsSpent),
		newTopics: [...newTopics.values()]
	};
}
