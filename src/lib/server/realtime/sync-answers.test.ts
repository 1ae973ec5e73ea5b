import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2 } from './frames';
import { MAX_CACHED_STATE_VECTOR_BYTES, SyncAnswers } from './sync-answers';

function board() {
	const doc = new Y.Doc();
	doc.getMap('topics').set('a', { title: 'Bankjes' });
	return doc;
}

describe('sync answers shared by a reconnecting hall', () => {
	it('encodes each answer once per version of the board and shares it', () => {
		const doc = board();
		const answers = new SyncAnswers(doc);
		const empty = Y.encodeStateVector(new Y.Doc());
		const first = answers.step2(empty);
		expect(answers.step2(Uint8Array.from(empty))).toBe(first);
		expect(first).toEqual(encodeSyncStep2(doc, empty));
		expect(answers.step1()).toBe(answers.step1());
		expect(answers.step1()).toEqual(encodeSyncStep1(doc));
	});

	it('answers every state vector with its own diff', () => {
		const doc = board();
		const answers = new SyncAnswers(doc);
		const upToDate = Y.encodeStateVector(doc);
		const empty = Y.encodeStateVector(new Y.Doc());
		expect(answers.step2(upToDate)).toEqual(encodeSyncStep2(doc, upToDate));
		expect(answers.step2(empty)).toEqual(encodeSyncStep2(doc, empty));
		expect(answers.step2(upToDate)).not.toEqual(answers.step2(empty));
	});

	it('never serves an answer from before a change', () => {
		const doc = board();
		const answers = new SyncAnswers(doc);
		const empty = Y.encodeStateVector(new Y.Doc());
		const before = answers.step2(empty);
		const stepOneBefore = answers.step1();
		doc.getMap('topics').set('b', { title: 'Speeltuin' });
		const after = answers.step2(empty);
		expect(after).not.toEqual(before);
		expect(after).toEqual(encodeSyncStep2(doc, empty));
		expect(answers.step1()).toEqual(encodeSyncStep1(doc));
		expect(answers.step1()).not.toEqual(stepOneBefore);
	});

	it('does not keep answers to state vectors of unusual length', () => {
		const doc = board();
		const answers = new SyncAnswers(doc);
		// A valid state vector naming many clients.
		const many = new Map<number, number>();
		for (let i = 1; i <= 60; i++) many.set(i * 1_000_003, i);
		const long = Y.encodeStateVector(many);
		expect(long.byteLength).toBeGreaterThan(MAX_CACHED_STATE_VECTOR_BYTES);
		expect(answers.step2(long)).not.toBe(answers.step2(long));
		expect(answers.step2(long)).toEqual(encodeSyncStep2(doc, long));
	});
});
