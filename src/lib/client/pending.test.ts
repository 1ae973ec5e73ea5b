import { describe, expect, it } from 'vitest';
import type { AgendaItem, BoardView } from '$lib/board/read';
import { withWaiting } from './pending';

function item(id: string, over: Partial<AgendaItem> = {}): AgendaItem {
	return {
		id,
		title: `Topic ${id}`,
		details: '',
		authorId: 'p1',
		authorName: 'Anna',
		coAuthors: [],
		createdAt: 0,
		status: 'open',
		hidden: false,
		pin: null,
		outcome: '',
		merge: null,
		dots: 0,
		myDots: 0,
		onTable: false,
		...over
	};
}

const view = (agenda: AgendaItem[], myDotsSpent = 0): BoardView => ({
	phase: 'agenda',
	onTable: agenda.find((t) => t.onTable) ?? null,
	agenda,
	myDotsSpent,
	mergedCount: 0
});

describe('withWaiting', () => {
	it('shows the board as it is when nothing waits', () => {
		const shown = withWaiting(view([item('a', { dots: 2 })]), []);
		expect(shown.agenda.map((t) => [t.id, t.dots, t.waiting])).toEqual([['a', 2, false]]);
		expect(shown.newTopics).toEqual([]);
	});

	it('lists a topic added offline as waiting until the board has it', () => {
		const add = { id: 'n1', type: 'addTopic', args: { title: 'Bankjes', details: '' } };
		expect(withWaiting(view([]), [add]).newTopics).toEqual([{ id: 'n1', title: 'Bankjes', details: '', waiting: true }]);
		// Once it is in the doc, it is shown from there, not twice.
		expect(withWaiting(view([item('n1')]), [add], [], new Set(['n1'])).newTopics).toEqual([]);
		// Accepted but not yet on the live board: still shown, no longer waiting.
		const acknowledged = withWaiting(view([]), [], [{ id: 'n1', title: 'Bankjes', details: '' }]);
		expect(acknowledged.newTopics).toEqual([{ id: 'n1', title: 'Bankjes', details: '', waiting: false }]);
	});

	it('counts waiting dots into the topic and the budget, without reordering', () => {
		const board = view([item('a', { dots: 3, myDots: 1 }), item('b', { dots: 1 })], 1);
		const shown = withWaiting(board, [
			{ id: 'c1', type: 'placeDot', args: { topicId: 'b' } },
			{ id: 'c2', type: 'placeDot', args: { topicId: 'b' } },
			{ id: 'c3', type: 'removeDot', args: { topicId: 'a' } }
		]);
		expect(shown.agenda.map((t) => [t.id, t.dots, t.myDots, t.waiting])).toEqual([
			['a', 2, 0, true],
			['b', 3, 2, true]
		]);
		expect(shown.myDotsSpent).toBe(2);
	});

	it('previews an edit and a withdrawal of one’s own topic', () => {
		const board = view([item('a', { myDots: 1, dots: 1 }), item('b')], 1);
		const shown = withWaiting(board, [
			{ id: 'c1', type: 'editTopic', args: { topicId: 'b', title: 'Nieuw', details: 'x' } },
			{ id: 'c2', type: 'withdrawTopic', args: { topicId: 'a' } }
		]);
		expect(shown.agenda.map((t) => [t.id, t.title, t.details])).toEqual([['b', 'Nieuw', 'x']]);
		expect(shown.myDotsSpent).toBe(0);
	});
});
