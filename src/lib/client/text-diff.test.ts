import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, shiftPosition, type Delta } from './text-diff';

function apply(before: string, after: string): string {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, before);
	const change = diffText(before, after);
	if (change) {
		if (change.remove) text.delete(change.index, change.remove);
		if (change.insert) text.insert(change.index, change.insert);
	}
	return text.toString();
}

describe('diffText', () => {
	it('finds the one change between two texts', () => {
		expect(diffText('abc', 'abc')).toBeNull();
		expect(diffText('abc', 'abXc')).toEqual({ index: 2, remove: 0, insert: 'X' });
		expect(diffText('abcd', 'ad')).toEqual({ index: 1, remove: 2, insert: '' });
		expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
	});

	it('turns the old text into the new one on a Y.Text, emoji included', () => {
		for (const [before, after] of [
			['', 'hallo'],
			['hallo', ''],
			['koffie', 'thee'],
			['a😀b', 'a😃b'],
			['😀😀', '😀'],
			['regel 1\nregel 2', 'regel 1\nnieuw\nregel 2']
		]) {
			expect(apply(before, after)).toBe(after);
		}
	});

	it('never splits a surrogate pair', () => {
		const change = diffText('a😀', 'a😃')!;
		expect(change.index).toBe(1);
		expect(change.insert).toBe('😃');
	});
});

describe('shiftPosition', () => {
	const delta = (d: Delta) => d;
	it('moves the caret with text inserted or deleted before it', () => {
		expect(shiftPosition(5, delta([{ retain: 2 }, { insert: 'xyz' }]))).toBe(8);
		expect(shiftPosition(5, delta([{ retain: 1 }, { delete: 2 }]))).toBe(3);
		expect(shiftPosition(2, delta([{ retain: 1 }, { delete: 4 }]))).toBe(1);
	});

	it('leaves the caret alone for changes after it, and for inserts right at it', () => {
		expect(shiftPosition(2, delta([{ retain: 4 }, { insert: 'x' }]))).toBe(2);
		expect(shiftPosition(2, delta([{ retain: 2 }, { insert: 'x' }]))).toBe(2);
	});
});
