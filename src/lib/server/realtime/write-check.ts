/**
 * Does an update from a read-only client try to change the board?
 *
 * A read-only client answers our sync step 1 with a step 2: an update in Yjs' v1 format that
 * carries no structs of its own (or only Skip placeholders) and always its whole delete set —
 * deletions we made ourselves and sent it. Only a struct we lack, or a deletion of a clock
 * that is not deleted here, is a write attempt.
 *
 * Cost: this is run on every such frame from an untrusted phone, so it reads the frame once,
 * front to back, and allocates nothing per struct or range: O(bytes of the frame). Each
 * delete range is checked against our own delete set with one binary search, never clock by
 * clock — a range of length 2^40 over a deleted run costs the same as a range of length 1.
 * Our delete set is computed once per change of the doc (O(doc)), not once per frame, and is
 * shared by every connection of the room.
 *
 * The same holds for a write connection's update (`prepareWriterUpdate`): it is read and
 * trimmed in O(bytes) before Yjs applies it.
 *
 * Layout: the struct section is read by update-reader.ts; the delete set that follows it is
 * varuint clients, per client { varuint client, varuint ranges, ranges × (varuint clock,
 * varuint length) } (yjs/src/utils/DeleteSet.js `writeDeleteSet`). Truncated or otherwise
 * malformed input throws, which the caller's message boundary turns into a refusal.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { UnreadableUpdate, readStructSection } from './update-reader';


/** Our own deletions, merged and sorted per client: [clock, end) pairs in one flat array. */
type OwnDeletes = Map<number, Float64Array>;

const cache = new WeakMap<Y.Doc, OwnDeletes>();
const watched = new WeakSet<Y.Doc>();

function ownDeletes(doc: Y.Doc): OwnDeletes {
	let known = cache.get(doc);
	if (known) return known;
	if (!watched.has(doc)) {
		watched.add(doc);
		doc.on('update', () => cache.delete(doc));
	}
	known = new Map();
	// Structs are kept in clock order and adjacent deleted structs are merged here, so every
	// client's ranges come out sorted and disjoint.
	for (const [client, ranges] of Y.createDeleteSetFromStructStore(doc.store).clients) {
		const flat = new Float64Array(ranges.length * 2);
		ranges.forEach((r, i) => {
			flat[2 * i] = r.clock;
			flat[2 * i + 1] = r.clock + r.len;
		});
		known.set(client, flat);
	}
	cache.set(doc, known);
	return known;
}

/** Whether [clock, end) lies inside one of the sorted, disjoint ranges. */
function covered(ranges: Float64Array | undefined, clock: number, end: number): boolean {
	if (!ranges) return false;
	let lo = 0;
	let hi = ranges.length / 2 - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (ranges[2 * mid] <= clock) {
			found = mid;
			lo = mid + 1;
		} else hi = mid - 1;
	}
	return found >= 0 && end <= ranges[2 * found + 1];
}

export function updateChangesDoc(doc: Y.Doc, update: Uint8Array): boolean {
	const decoder = decoding.createDecoder(update);
	if (readStructSection(decoder, { stopAtContent: true }).hasContent) return true;
	return deletesChangeDoc(doc, decoder);
}

/**
 * The same question for an update that may carry structs the doc already has: a phone that
 * moved from another node answers our step 1 with what that node had and this one had not yet
 * read from the log. After catching up, structs below the doc's own clock for their client
 * are not new; only a struct beyond it (or a deletion not made here) is a write attempt.
 * Still one pass over the bytes.
 */
export function updateAddsToDoc(doc: Y.Doc, update: Uint8Array): boolean {
	const decoder = decoding.createDecoder(update);
	const { runs } = readStructSection(decoder);
	for (const [client, run] of runs) if (run.end > Y.getState(doc.store, client)) return true;
	return deletesChangeDoc(doc, decoder);
}

/** Whether the delete set the decoder is at deletes anything not deleted in the doc. */
function deletesChangeDoc(doc: Y.Doc, decoder: decoding.Decoder): boolean {
	const deleteClients = decoding.readVarUint(decoder);
	if (deleteClients === 0) return false;
	const known = ownDeletes(doc);
	for (let i = 0; i < deleteClients; i++) {
		const client = decoding.readVarUint(decoder);
		const ranges = decoding.readVarUint(decoder);
		const ours = known.get(client);
		for (let r = 0; r < ranges; r++) {
			const clock = decoding.readVarUint(decoder);
			const len = decoding.readVarUint(decoder);
			if (len > 0 && !covered(ours, clock, clock + len)) return true;
		}
	}
	return false;
}

/** Yjs makes client ids 32-bit; a larger one would make every later state vector unreadable. */
export const MAX_CLIENT_ID = 0xffffffff;

/**
 * Structs one write message may carry. Yjs integrates a struct in tens of microseconds on a
 * small machine, so this keeps applying one message well under the 50 ms a message may hold
 * the event loop. Typing sends a few structs per message; a paste is one.
 */
export const MAX_WRITER_STRUCTS_PER_MESSAGE = 500;

/** The next clock the doc expects from `client`. */
function stateOf(doc: Y.Doc, client: number): number {
	const structs = doc.store.clients.get(client);
	const last = structs?.[structs.length - 1];
	return last ? last.id.clock + last.length : 0;
}

/**
 * A write connection's update, made ready for Yjs in O(bytes): refused (throws) when Yjs could
 * only keep part of it pending — structs that start after a gap, deletions of clocks neither
 * the board nor the update has, client ids Yjs never makes — since pending parts are kept and
 * retried on every later update. Delete ranges the board has already applied are left out,
 * and the rest merged, so that applying costs what is new, not what the ranges point at:
 * otherwise 4,000 copies of one range over a long deleted run would walk that run 4,000
 * times. Returns the update to apply, or null when nothing in it is new.
 */
export function prepareWriterUpdate(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const { runs, hasContent, count } = readStructSection(decoder);
	if (count > MAX_WRITER_STRUCTS_PER_MESSAGE) throw new UnreadableUpdate(`${count} structs in one message`);
	for (const [client, run] of runs) {
		if (client > MAX_CLIENT_ID) throw new UnreadableUpdate('a client id Yjs never makes');
		if (run.first > stateOf(doc, client)) throw new UnreadableUpdate('structs after a gap');
	}
	const structBytes = decoder.pos;
	const known = ownDeletes(doc);
	const fresh = new Map<number, [number, number][]>();
	const deleteClients = decoding.readVarUint(decoder);
	for (let i = 0; i < deleteClients; i++) {
		const client = decoding.readVarUint(decoder);
		const ranges = decoding.readVarUint(decoder);
		const end = Math.max(stateOf(doc, client), runs.get(client)?.end ?? 0);
		for (let r = 0; r < ranges; r++) {
			const clock = decoding.readVarUint(decoder);
			const len = decoding.readVarUint(decoder);
			if (len === 0 || covered(known.get(client), clock, clock + len)) continue;
			if (client > MAX_CLIENT_ID || clock + len > end) throw new UnreadableUpdate('deletes clocks nobody has');
			const list = fresh.get(client) ?? [];
			list.push([clock, clock + len]);
			fresh.set(client, list);
		}
	}
	if (!hasContent && fresh.size === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeUint8Array(encoder, update.subarray(0, structBytes));
	encoding.writeVarUint(encoder, fresh.size);
	for (const [client, ranges] of fresh) {
		const merged = mergeRanges(ranges);
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, merged.length);
		for (const [clock, end] of merged) {
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint(encoder, end - clock);
		}
	}
	return encoding.toUint8Array(encoder);
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const [clock, end] of ranges) {
		const last = merged[merged.length - 1];
		if (last && clock <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([clock, end]);
	}
	return merged;
}
