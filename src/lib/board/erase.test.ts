import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board, erasureCount, type Board } from './doc';
import { forgetEveryone, forgetParticipant, scrubNames } from './erase';
import { bumpCounter } from './counters';
import { getCounter, getFrozen, setFrozen } from './meta';
import { openPresence } from './presence';
import { renamePublic, showPublicName } from './public-names';
import type { Topic } from './types';

const topic = (id: string, authorId: string, authorName: string, coAuthors: Topic['coAuthors'] = []): Topic => ({
	id,
	title: `Topic ${id}`,
	details: '',
	authorId,
	authorName,
	coAuthors,
	createdAt: 1,
	status: 'open',
	hidden: false,
	pin: null,
	outcome: '',
	merge: null
});

/** Anna and Bram, each with a topic (Bram's has Anna as co-author), hands up, names shown, present. */
function evening(): Board {
	const b = board(new Y.Doc());
	b.doc.transact(() => {
		b.topics.set('t1', topic('t1', 'anna', 'Anna de Vries'));
		b.topics.set('t2', topic('t2', 'bram', 'Bram', [{ id: 'anna', name: 'Anna de Vries' }]));
		for (const id of ['anna', 'bram']) {
			b.hands.set(id, { participantId: id, kind: 'contribution', requestedAt: 1, approved: false });
			openPresence(b, id, 'connected', 10);
			openPresence(b, id, 'marked', 10);
		}
		showPublicName(b, 'anna', 'Anna de Vries');
		showPublicName(b, 'bram', 'Bram');
		setFrozen(b, ['anna', 'bram']);
	});
	return b;
}

describe('forgetting one person', () => {
	it('takes them off the live board, empties their name on topics and records the erasure, in one update', () => {
		const b = evening();
		const updates: Uint8Array[] = [];
		b.doc.on('update', (u: Uint8Array) => updates.push(u));
		b.doc.transact(() => forgetParticipant(b, 'anna', 500));
		expect(updates).toHaveLength(1);
		expect(b.hands.has('anna')).toBe(false);
		expect(b.publicNames.has('anna')).toBe(false);
		expect(getFrozen(b)).toEqual(['bram']);
		expect(b.presence.get('anna')).toEqual({ connected: [{ start: 10, end: 500 }], marked: [{ start: 10, end: 500 }] });
		expect(b.topics.get('t1')).toMatchObject({ title: 'Topic t1', authorId: 'anna', authorName: '' });
		expect(b.topics.get('t2')!.coAuthors).toEqual([{ id: 'anna', name: '' }]);
		expect(erasureCount(b)).toBe(1);
		// Nobody else is touched.
		expect(b.hands.has('bram')).toBe(true);
		expect(b.publicNames.get('bram')).toBe('Bram');
		expect(b.topics.get('t2')!.authorName).toBe('Bram');
		expect(b.presence.get('bram')!.connected[0].end).toBeNull();
	});
});

describe('forgetting everyone', () => {
	it('leaves no name on the board and records one erasure', () => {
		const b = evening();
		b.doc.transact(() => forgetEveryone(b, 700));
		expect(b.hands.size).toBe(0);
		expect(b.publicNames.size).toBe(0);
		expect(getFrozen(b)).toEqual([]);
		expect([...b.topics.values()].map((t) => [t.authorName, ...t.coAuthors.map((a) => a.name)])).toEqual([[''], ['', '']]);
		expect([...b.topics.values()].map((t) => t.title)).toEqual(['Topic t1', 'Topic t2']);
		expect(b.erasures.toArray()).toEqual([700]);
	});
});

describe('emptying names', () => {
	it('rewrites only topics that name someone matched', () => {
		const b = evening();
		const changed: string[] = [];
		b.topics.observe((event) => changed.push(...event.keysChanged));
		scrubNames(b, (id) => id === 'bram');
		expect(changed).toEqual(['t2']);
		scrubNames(b, (id) => id === 'bram');
		expect(changed).toEqual(['t2']);
	});
});

describe('names on the projector', () => {
	it('renames only people who agreed to be shown, by their first name', () => {
		const b = evening();
		renamePublic(b, 'anna', '  Annemarie  Jansen ');
		expect(b.publicNames.get('anna')).toBe('Annemarie');
		b.publicNames.delete('bram');
		renamePublic(b, 'bram', 'Bram Smit');
		expect(b.publicNames.has('bram')).toBe(false);
	});
});

describe('counters', () => {
	it('count up from zero', () => {
		const b = board(new Y.Doc());
		bumpCounter(b, 'nazitVersion');
		bumpCounter(b, 'nazitVersion');
		expect(getCounter(b, 'nazitVersion')).toBe(2);
	});
});
