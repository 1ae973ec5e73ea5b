/**
 * Glue between a plain <textarea> and a Y.Text, without an editor library: local typing
 * becomes the smallest delete + insert that turns the old text into the new one, and remote
 * changes move the caret the way they moved the text around it.
 *
 * Positions are UTF-16 code units, as both the DOM and Y.Text count them. A change never
 * starts or ends between the two halves of a surrogate pair, so an emoji is never split.
 */

export type TextChange = { index: number; remove: number; insert: string };

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The one contiguous change that turns `before` into `after`, or null when they are equal. */
export function diffText(before: string, after: string): TextChange | null {
	if (before === after) return null;
	let start = 0;
	const shortest = Math.min(before.length, after.length);
	while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
		endBefore--;
		endAfter--;
	}
	if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
		endBefore++;
		endAfter++;
	}
	return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

/** A Yjs text delta, as `Y.YTextEvent.delta` gives it (string inserts only: our texts are plain). */
export type Delta = { retain?: number; insert?: unknown; delete?: number }[];

/**
 * Where a caret at `position` ends up after `delta` was applied to the text around it. Text
 * that someone else inserts exactly at the caret goes after it, so the caret stays with the
 * text its owner was typing.
 */
export function shiftPosition(position: number, delta: Delta): number {
	let index = 0; // position in the old text
	let shifted = position;
	for (const op of delta) {
		if (index > position) break;
		if (op.retain !== undefined) {
			index += op.retain;
		} else if (op.insert !== undefined) {
			if (index < position) shifted += typeof op.insert === 'string' ? op.insert.length : 1;
		} else if (op.delete !== undefined) {
			shifted -= Math.min(op.delete, Math.max(0, position - index));
			index += op.delete;
		}
	}
	return Math.max(0, shifted);
}
