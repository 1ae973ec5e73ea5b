/**
 * What a phone shows while some of its commands wait in the outbox: the live board as the
 * server has it, with the person's own waiting commands laid over it. The overlay is only a
 * preview — the server may still refuse a command, and then the next board update shows the
 * truth again — so it never changes another person's data, only counts and texts of one's own.
 */
import type { AgendaItem, BoardView } from '$lib/board/read';
import { isParticipantCommand, type ParticipantCommandType } from '$lib/board/commands';

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

/** The board as the overlay builds it, one waiting command after another. */
type Overlay = {
	items: Map<string, ShownItem>;
	withdrawn: Set<string>;
	newTopics: Map<string, NewTopic>;
	/** Ids of every topic in the doc, whatever its status. */
	known: ReadonlySet<string>;
	myDotsSpent: number;
};

type Preview = (overlay: Overlay, command: WaitingCommand) => void;

/**
 * What each of a participant's commands shows while it waits. Every participant command is
 * listed — null where nothing shows before the server answers — so a new command is a compile
 * error here until its preview (or the lack of one) is decided.
 */
const PREVIEWS = {
	addTopic: (o, command) => {
		if (!o.known.has(command.id) && !o.withdrawn.has(command.id)) {
			o.newTopics.set(command.id, { id: command.id, title: text(command.args.title), details: text(command.args.details), waiting: true });
		}
	},
	editTopic: (o, command) => {
		const topicId = text(command.args.topicId);
		const item = o.items.get(topicId);
		if (item) o.items.set(topicId, { ...item, title: text(command.args.title), details: text(command.args.details), waiting: true });
	},
	withdrawTopic: (o, command) => {
		const topicId = text(command.args.topicId);
		const item = o.items.get(topicId);
		if (item) o.myDotsSpent -= item.myDots;
		o.items.delete(topicId);
		o.newTopics.delete(topicId);
		o.withdrawn.add(topicId);
	},
	placeDot: (o, command) => {
		const topicId = text(command.args.topicId);
		const item = o.items.get(topicId);
		if (item) {
			o.items.set(topicId, { ...item, dots: item.dots + 1, myDots: item.myDots + 1, waiting: true });
			o.myDotsSpent++;
		}
	},
	removeDot: (o, command) => {
		const topicId = text(command.args.topicId);
		const item = o.items.get(topicId);
		if (item && item.myDots > 0) {
			o.items.set(topicId, { ...item, dots: item.dots - 1, myDots: item.myDots - 1, waiting: true });
			o.myDotsSpent--;
		}
	},
	// A hand and a name on the projector show once the live board has them.
	raiseHand: null,
	lowerHand: null,
	showNameOnProjector: null
} satisfies Record<ParticipantCommandType, Preview | null>;

function previewOf(type: string): Preview | null {
	return isParticipantCommand(type) ? PREVIEWS[type] : null;
}

export function withWaiting(
	view: BoardView,
	waiting: readonly WaitingCommand[],
	acknowledged: readonly { id: string; title: string; details: string }[] = [],
	/** Ids of every topic in the doc, whatever its status (a new topic may be hidden or merged at once). */
	known: ReadonlySet<string> = new Set(view.agenda.map((t) => t.id))
): ShownBoard {
	const overlay: Overlay = {
		items: new Map(view.agenda.map((item) => [item.id, { ...item, waiting: false }])),
		withdrawn: new Set(),
		newTopics: new Map(),
		known,
		myDotsSpent: view.myDotsSpent
	};
	for (const command of waiting) previewOf(command.type)?.(overlay, command);
	const { items, withdrawn, newTopics, myDotsSpent } = overlay;
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
