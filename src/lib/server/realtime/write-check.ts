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
 * The v1 layout (yjs/src/utils/encoding.js, `writeStructs` and `writeDeleteSet`):
 *   structs:  varuint clients, per client { varuint count, varuint client, varuint clock,
 *             count × struct }, where a struct starts with one info byte (low five bits 10 =
 *             Skip, followed by varuint length; anything else is content)
 *   deletes:  varuint clients, per client { varuint client, varuint ranges, ranges × (varuint
 *             clock, varuint length) }
 * Truncated or otherwise malformed input throws (lib0's decoder), which the caller's message
 * boundary turns into a refusal.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

const SKIP_STRUCT = 10;
const INFO_KIND_BITS = 0b11111;

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
	const structClients = decoding.readVarUint(decoder);
	for (let i = 0; i < structClients; i++) {
		const count = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder); // client
		decoding.readVarUint(decoder); // first clock
		for (let s = 0; s < count; s++) {
			if ((decoding.readUint8(decoder) & INFO_KIND_BITS) !== SKIP_STRUCT) return true;
			decoding.readVarUint(decoder); // length of the skipped run
		}
	}
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
 * A write connection's update, checked before Yjs applies it: every client id it names must
 * be one Yjs could have made. Decoding is O(bytes); writers are few and within their budget.
 */
export function writerUpdateIsSane(update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	return structs.every((s) => s.id.client <= MAX_CLIENT_ID) && [...ds.clients.keys()].every((client) => client <= MAX_CLIENT_ID);
}
