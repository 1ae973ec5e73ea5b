import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { updateChangesDoc } from './write-check';

/** The obvious check, clock by clock: slow on long ranges, but plainly right. */
function naive(doc: Y.Doc, update: Uint8Array): boolean {
	const decoded = Y.decodeUpdate(update);
	if (decoded.structs.some((s) => !(s instanceof Y.Skip))) return true;
	const known = Y.createDeleteSetFromStructStore(doc.store);
	for (const [client, ranges] of decoded.ds.clients) {
		for (const { clock, len } of ranges) {
			for (let c = clock; c < clock + len; c++) if (!Y.isDeleted(known, { client, clock: c } as Y.ID)) return true;
		}
	}
	return false;
}

function deletes(ranges: [number, number, number][]): Uint8Array {
	const byClient = new Map<number, [number, number][]>();
	for (const [client, clock, len] of ranges) byClient.set(client, [...(byClient.get(client) ?? []), [clock, len]]);
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, byClient.size);
	for (const [client, rs] of byClient) {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, rs.length);
		for (const [clock, len] of rs) {
			encoding.writeVarUint(e, clock);
			encoding.writeVarUint(e, len);
		}
	}
	return encoding.toUint8Array(e);
}

/** A doc edited by two clients: inserts and deletes at arbitrary places. */
function editedDoc(edits: { client: 0 | 1; insert: boolean; at: number; n: number }[]): Y.Doc {
	const docs = [new Y.Doc(), new Y.Doc()];
	docs[0].clientID = 1;
	docs[1].clientID = 2;
	for (const { client, insert, at, n } of edits) {
		const text = docs[client].getText('t');
		if (insert) text.insert(at % (text.length + 1), 'x'.repeat(n));
		else if (text.length) text.delete(at % text.length, Math.min(n, text.length - (at % text.length)));
		Y.applyUpdate(docs[1 - client], Y.encodeStateAsUpdate(docs[client]));
	}
	return docs[0];
}

describe('the read-only write check', () => {
	it('agrees with the clock-by-clock check on every doc and every delete set', () => {
		const edit = fc.record({ client: fc.constantFrom(0 as const, 1 as const), insert: fc.boolean(), at: fc.nat(60), n: fc.integer({ min: 1, max: 12 }) });
		const range = fc.tuple(fc.constantFrom(1, 2, 3), fc.nat(80), fc.integer({ min: 0, max: 30 }));
		fc.assert(
			fc.property(fc.array(edit, { maxLength: 25 }), fc.array(range, { maxLength: 8 }), (edits, ranges) => {
				const doc = editedDoc(edits);
				const update = deletes(ranges);
				expect(updateChangesDoc(doc, update)).toBe(naive(doc, update));
			}),
			{ numRuns: 400 }
		);
	});

	it('accepts an honest phone’s answer, which carries the whole delete set, and sees the next change', () => {
		const doc = editedDoc([
			{ client: 0, insert: true, at: 0, n: 30 },
			{ client: 1, insert: false, at: 3, n: 10 }
		]);
		const phone = new Y.Doc();
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc));
		expect(updateChangesDoc(doc, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(doc)))).toBe(false);
		phone.getText('t').delete(0, 1);
		expect(updateChangesDoc(doc, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(doc)))).toBe(true);
		// Our own deletes are read again after the doc changes.
		doc.getText('t').delete(0, 1);
		expect(updateChangesDoc(doc, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(doc)))).toBe(false);
	});

	it('throws on a truncated frame instead of guessing', () => {
		expect(() => updateChangesDoc(new Y.Doc(), Uint8Array.of(0, 1, 5))).toThrow();
		expect(() => updateChangesDoc(new Y.Doc(), Uint8Array.of(2, 9))).toThrow();
	});
});
