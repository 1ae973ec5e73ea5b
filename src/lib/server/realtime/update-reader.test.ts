import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readStructSection } from './update-reader';
import { prepareWriterUpdate } from './write-check';

/** A board-like doc edited by a writer with every kind of content Yjs has. */
function edit(doc: Y.Doc, ops: { kind: number; n: number; at: number }[]) {
	for (const { kind, n, at } of ops) {
		const text = doc.getText('notes');
		const list = doc.getArray<unknown>('list');
		const map = doc.getMap<unknown>('meta');
		if (kind === 0) text.insert(at % (text.length + 1), 'ab€😀'.repeat(n));
		if (kind === 1 && text.length) text.delete(at % text.length, Math.min(n, text.length - (at % text.length)));
		if (kind === 2) list.insert(at % (list.length + 1), [n, 'x', { deep: [true, null] }, new Uint8Array([n])]);
		if (kind === 3) map.set(`k${at % 5}`, n % 2 ? new Y.Map() : `v${n}`);
		if (kind === 4) text.format(0, Math.min(n, text.length), { bold: true });
		if (kind === 5) list.push([new Y.XmlElement('p'), new Y.XmlText('t')]);
		if (kind === 6 && list.length) list.delete(at % list.length, 1);
	}
}

const ops = fc.array(fc.record({ kind: fc.integer({ min: 0, max: 6 }), n: fc.integer({ min: 1, max: 9 }), at: fc.nat(50) }), { maxLength: 20 });

describe('reading an update’s structs without building them', () => {
	it('finds the same clients and clocks as Yjs, for every kind of content', () => {
		fc.assert(
			fc.property(ops, (edits) => {
				const doc = new Y.Doc();
				edit(doc, edits);
				const update = Y.encodeStateAsUpdate(doc);
				const { runs } = readStructSection(decoding.createDecoder(update));
				const meta = Y.parseUpdateMeta(update);
				expect(new Map([...runs].map(([c, r]) => [c, r.end]))).toEqual(meta.to);
				expect(new Map([...runs].map(([c, r]) => [c, r.first]))).toEqual(meta.from);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('a writer’s update made ready to apply', () => {
	it('gives the board exactly what the original would', () => {
		fc.assert(
			fc.property(ops, ops, (before, after) => {
				const board = new Y.Doc();
				edit(board, before);
				const writer = new Y.Doc();
				Y.applyUpdate(writer, Y.encodeStateAsUpdate(board));
				edit(writer, after);
				const update = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(board));
				const expected = new Y.Doc();
				Y.applyUpdate(expected, Y.encodeStateAsUpdate(board));
				Y.applyUpdate(expected, update);
				const ready = prepareWriterUpdate(board, update);
				if (ready) Y.applyUpdate(board, ready);
				expect(board.store.pendingStructs).toBeNull();
				expect(board.store.pendingDs).toBeNull();
				expect(board.getText('notes').toString()).toBe(expected.getText('notes').toString());
				expect(board.getArray('list').toJSON()).toEqual(expected.getArray('list').toJSON());
				expect(Y.encodeStateVector(board)).toEqual(Y.encodeStateVector(expected));
			}),
			{ numRuns: 200 }
		);
	});

	it('leaves out ranges already deleted: four thousand copies of a deleted run are nothing to apply', () => {
		const board = new Y.Doc();
		board.getText('notes').insert(0, 'x'.repeat(20_000));
		board.getText('notes').delete(0, 20_000);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, board.clientID);
		encoding.writeVarUint(e, 4000);
		for (let i = 0; i < 4000; i++) {
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 20_000);
		}
		expect(prepareWriterUpdate(board, encoding.toUint8Array(e))).toBeNull();
	});

	it('refuses what Yjs could only keep pending: a gap, deletions of clocks nobody has, huge client ids', () => {
		const board = new Y.Doc();
		board.getText('notes').insert(0, 'abc');
		const writer = new Y.Doc();
		writer.getText('notes').insert(0, 'one');
		const first = Y.encodeStateAsUpdate(writer);
		writer.getText('notes').insert(0, 'two');
		const gap = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(docWith(first)));
		expect(() => prepareWriterUpdate(board, gap)).toThrow(/gap/);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 777);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 1);
		expect(() => prepareWriterUpdate(board, encoding.toUint8Array(e))).toThrow(/nobody has/);
		const huge = new Y.Doc();
		huge.clientID = 2 ** 40;
		huge.getText('notes').insert(0, 'x');
		expect(() => prepareWriterUpdate(board, Y.encodeStateAsUpdate(huge))).toThrow(/client id/);
	});
});

function docWith(update: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return doc;
}

describe('structs Yjs never writes', () => {
	it('refuses an empty one, which would share its clock with the next', () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1); // one client
		encoding.writeVarUint(e, 1); // one struct
		encoding.writeVarUint(e, 99); // client
		encoding.writeVarUint(e, 0); // clock
		encoding.writeUint8(e, 4); // a string item with a parent key
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, 'notes');
		encoding.writeVarString(e, '');
		encoding.writeVarUint(e, 0); // no deletions
		expect(() => readStructSection(decoding.createDecoder(encoding.toUint8Array(e)))).toThrow(/empty/);
	});
});
