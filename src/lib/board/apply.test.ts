import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyCommand, dotsSpent, type ApplyContext } from './apply';
import { board } from './doc';
import { getOnTable } from './meta';
import { parseCommand, type CommandEnvelope } from './commands';
import { readBoard } from './read';
import type { Actor } from './types';

const settings = { dotsPerParticipant: 3, maxDotsPerTopic: 2 };
const anna: Actor = { kind: 'participant', id: 'anna', name: 'Anna' };
const bram: Actor = { kind: 'participant', id: 'bram', name: 'Bram' };
const host: Actor = { kind: 'facilitator', id: 'host' };

let seq = 0;
function uuid() {
	seq++;
	return `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
}

function run(doc: Y.Doc, actor: Actor, type: string, args: Record<string, unknown> = {}, id = uuid()) {
	const parsed = parseCommand({ id, type, args });
	if (!parsed.ok) throw new Error(parsed.error);
	const ctx: ApplyContext = { actor, settings, now: 1000 + seq };
	return applyCommand(doc, parsed.command as CommandEnvelope, ctx, { kind: 'command' });
}

function addTopic(doc: Y.Doc, actor: Actor, title: string) {
	const id = uuid();
	expect(run(doc, actor, 'addTopic', { title }, id)).toEqual({ ok: true, topicId: id });
	return id;
}

describe('commands are parsed strictly', () => {
	it('refuses unknown types, wrong shapes and non-UUID ids', () => {
		expect(parseCommand({ id: uuid(), type: 'dropTable', args: {} })).toEqual({ ok: false, error: 'unknown_command' });
		expect(parseCommand({ id: uuid(), type: 'placeDot', args: {} })).toEqual({ ok: false, error: 'invalid_command' });
		expect(parseCommand({ id: 'x', type: 'placeDot', args: { topicId: 'a' } })).toEqual({ ok: false, error: 'invalid_command' });
		expect(parseCommand({ id: uuid(), type: 'addTopic', args: { title: 'x'.repeat(5000) } })).toEqual({
			ok: false,
			error: 'invalid_command'
		});
		expect(parseCommand('nonsense')).toEqual({ ok: false, error: 'invalid_command' });
	});
});

describe('topics', () => {
	it('are added with a tidy title of 1–140 characters', () => {
		const doc = new Y.Doc();
		const id = addTopic(doc, anna, '  Speeltuin   bij de Esch ');
		expect(board(doc).topics.get(id)).toMatchObject({ title: 'Speeltuin bij de Esch', authorId: 'anna', authorName: 'Anna' });
		expect(run(doc, anna, 'addTopic', { title: '   ' })).toEqual({ ok: false, error: 'title_required' });
		expect(run(doc, anna, 'addTopic', { title: 'x'.repeat(141) })).toEqual({ ok: false, error: 'title_too_long' });
		expect(run(doc, anna, 'addTopic', { title: 'ok', details: 'x'.repeat(1001) })).toEqual({ ok: false, error: 'details_too_long' });
		expect(board(doc).topics.size).toBe(1);
	});

	it('must show something: invisible titles are refused, invisible details and outcomes become empty', () => {
		const doc = new Y.Doc();
		for (const title of ['\u200B\u200B', '\u2060\uFEFF\u00AD', '\u3164', '\u115F\u1160', '\u2800', '\u0301', ' \u200D ']) {
			expect(run(doc, anna, 'addTopic', { title })).toEqual({ ok: false, error: 'title_invisible' });
		}
		expect(board(doc).topics.size).toBe(0);
		const id = addTopic(doc, anna, 'Sp\u200Beel\u00ADtuin\u200B');
		expect(board(doc).topics.get(id)).toMatchObject({ title: 'Speeltuin', details: '' });
		expect(run(doc, anna, 'editTopic', { topicId: id, title: '\u200B' })).toEqual({ ok: false, error: 'title_invisible' });
		expect(run(doc, anna, 'editTopic', { topicId: id, title: 'Speeltuin', details: '\u200B\n\u2800' })).toEqual({ ok: true });
		expect(board(doc).topics.get(id)).toMatchObject({ title: 'Speeltuin', details: '' });
		expect(run(doc, host, 'markDiscussed', { topicId: id, outcome: '\u200B\u200C' })).toEqual({ ok: true });
		expect(board(doc).topics.get(id)).toMatchObject({ status: 'discussed', outcome: '' });
	});

	it('titles are NFC and keep the joiners that make an emoji', () => {
		const doc = new Y.Doc();
		const id = addTopic(doc, anna, 'Cafe\u0301 voor 👩\u200D👩\u200D👧');
		expect(board(doc).topics.get(id)?.title).toBe('Café voor 👩\u200D👩\u200D👧');
	});

	it('can be edited and withdrawn by their author only, and not once on the table', () => {
		const doc = new Y.Doc();
		const id = addTopic(doc, anna, 'Groen');
		expect(run(doc, bram, 'editTopic', { topicId: id, title: 'Van mij' })).toEqual({ ok: false, error: 'not_yours' });
		expect(run(doc, bram, 'withdrawTopic', { topicId: id })).toEqual({ ok: false, error: 'not_yours' });
		expect(run(doc, anna, 'editTopic', { topicId: id, title: 'Meer groen' })).toEqual({ ok: true });
		expect(run(doc, host, 'putOnTable', { topicId: id })).toEqual({ ok: true });
		expect(run(doc, anna, 'withdrawTopic', { topicId: id })).toEqual({ ok: false, error: 'not_editable' });
		expect(board(doc).topics.get(id)?.title).toBe('Meer groen');
	});

	it('are limited to 20 open per participant', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < 20; i++) addTopic(doc, anna, `T${i}`);
		expect(run(doc, anna, 'addTopic', { title: 'one more' })).toEqual({ ok: false, error: 'too_many_topics' });
		expect(run(doc, bram, 'addTopic', { title: 'mine' }).ok).toBe(true);
	});
});

describe('dots', () => {
	it('respect the budget and the per-topic maximum', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'A');
		const b = addTopic(doc, anna, 'B');
		const c = addTopic(doc, anna, 'C');
		expect(run(doc, bram, 'placeDot', { topicId: a })).toEqual({ ok: true });
		expect(run(doc, bram, 'placeDot', { topicId: a })).toEqual({ ok: true });
		expect(run(doc, bram, 'placeDot', { topicId: a })).toEqual({ ok: false, error: 'topic_max' });
		expect(run(doc, bram, 'placeDot', { topicId: b })).toEqual({ ok: true });
		expect(run(doc, bram, 'placeDot', { topicId: c })).toEqual({ ok: false, error: 'budget_spent' });
		expect(dotsSpent(board(doc), 'bram')).toBe(3);
		expect(run(doc, bram, 'removeDot', { topicId: a })).toEqual({ ok: true });
		expect(run(doc, bram, 'placeDot', { topicId: c })).toEqual({ ok: true });
		expect(run(doc, bram, 'removeDot', { topicId: 'nope' })).toEqual({ ok: false, error: 'no_dot' });
		const view = readBoard(doc, { viewerId: 'bram' });
		expect(view.myDotsSpent).toBe(3);
		expect(view.agenda.map((t) => [t.title, t.dots])).toEqual([
			['A', 1],
			['B', 1],
			['C', 1]
		]);
	});

	it('go back to their owners when a topic is withdrawn', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'A');
		run(doc, bram, 'placeDot', { topicId: a });
		run(doc, anna, 'withdrawTopic', { topicId: a });
		expect(dotsSpent(board(doc), 'bram')).toBe(0);
	});

	it('order the agenda: pinned first, then by dots, then oldest', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'A');
		const b = addTopic(doc, anna, 'B');
		const c = addTopic(doc, anna, 'C');
		run(doc, bram, 'placeDot', { topicId: b });
		expect(readBoard(doc).agenda.map((t) => t.title)).toEqual(['B', 'A', 'C']);
		run(doc, host, 'pin', { topicId: c, pinned: true });
		expect(readBoard(doc).agenda.map((t) => t.title)).toEqual(['C', 'B', 'A']);
		run(doc, host, 'pin', { topicId: a, pinned: true });
		run(doc, host, 'reorder', { topicId: a, position: 0 });
		expect(readBoard(doc).agenda.map((t) => t.title)).toEqual(['A', 'C', 'B']);
		expect(board(doc).log.toArray().map((e) => e.action)).toEqual(['pin', 'pin', 'reorder']);
	});
});

describe('facilitator commands', () => {
	it('are refused to participants, and participant commands to facilitators', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'A');
		expect(run(doc, anna, 'putOnTable', { topicId: a })).toEqual({ ok: false, error: 'forbidden' });
		expect(run(doc, host, 'placeDot', { topicId: a })).toEqual({ ok: false, error: 'forbidden' });
	});

	it('keep at most one topic on the table', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'A');
		const b = addTopic(doc, anna, 'B');
		run(doc, host, 'putOnTable', { topicId: a });
		run(doc, host, 'putOnTable', { topicId: b });
		expect(getOnTable(board(doc))).toBe(b);
		expect(readBoard(doc).agenda.filter((t) => t.onTable).map((t) => t.id)).toEqual([b]);
		expect(run(doc, host, 'markDiscussed', { topicId: b, outcome: 'Werkgroep start in januari' })).toEqual({ ok: true });
		expect(getOnTable(board(doc))).toBeNull();
		expect(board(doc).topics.get(b)).toMatchObject({ status: 'discussed', outcome: 'Werkgroep start in januari' });
	});

	it('merge carries dots and authors, gives back the excess, and unmerge restores every dot', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'Speeltuin');
		const b = addTopic(doc, bram, 'Speelplek');
		run(doc, anna, 'placeDot', { topicId: a });
		run(doc, anna, 'placeDot', { topicId: b });
		run(doc, anna, 'placeDot', { topicId: b });
		run(doc, bram, 'placeDot', { topicId: b });
		const before = board(doc).dots.toJSON();

		expect(run(doc, host, 'mergeTopics', { sourceId: b, targetId: a })).toEqual({ ok: true });
		const merged = readBoard(doc, { viewerId: 'anna' });
		expect(merged.agenda.map((t) => [t.title, t.dots])).toEqual([['Speeltuin', 3]]);
		// Anna had 1 + 2: only 2 fit under the maximum, so 1 is back in her budget.
		expect(merged.myDotsSpent).toBe(2);
		expect(merged.agenda[0].coAuthors).toEqual([{ id: 'bram', name: 'Bram' }]);

		expect(run(doc, host, 'unmerge', { topicId: b })).toEqual({ ok: true });
		expect(board(doc).dots.toJSON()).toEqual(before);
		expect(readBoard(doc).agenda.find((t) => t.id === a)?.coAuthors).toEqual([]);
		expect(run(doc, host, 'unmerge', { topicId: b })).toEqual({ ok: false, error: 'not_merged' });
	});

	it('hide is reversible and logged', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'Ongepast');
		run(doc, host, 'hideTopic', { topicId: a, hidden: true });
		expect(readBoard(doc).agenda).toEqual([]);
		expect(readBoard(doc, { includeHidden: true }).agenda).toHaveLength(1);
		run(doc, host, 'hideTopic', { topicId: a, hidden: false });
		expect(readBoard(doc).agenda).toHaveLength(1);
		expect(board(doc).log.toArray().map((e) => e.action)).toEqual(['hide', 'unhide']);
	});

	it('close the gathering: nothing changes any more', () => {
		const doc = new Y.Doc();
		const a = addTopic(doc, anna, 'A');
		run(doc, host, 'setPhase', { phase: 'closed' });
		const state = Y.encodeStateAsUpdate(doc);
		expect(run(doc, anna, 'addTopic', { title: 'late' })).toEqual({ ok: false, error: 'closed' });
		expect(run(doc, anna, 'placeDot', { topicId: a })).toEqual({ ok: false, error: 'closed' });
		expect(run(doc, host, 'setPhase', { phase: 'agenda' })).toEqual({ ok: false, error: 'closed' });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
	});
});
