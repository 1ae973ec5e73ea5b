/**
 * Yjs updates (format v1) written by hand, valid in form but hostile in what they say.
 *
 * An update is: the number of clients; per client the number of structs, the client id and
 * the clock of its first struct, then the structs; then the delete set: the number of
 * clients, per client its id, the number of ranges and each range as (clock, length).
 * A struct is one info byte (content kind in the low 5 bits; bit 8 = has a left origin,
 * bit 7 = has a right origin, bit 6 = has a map key), the origins as (client, clock), the
 * parent when there is no origin (1 + root type name, or 0 + the id of a parent item), the
 * map key, then the content. Info 0 is a GC run and 10 a skip, each followed by a length.
 *
 * What the fuzzer says with them: structs whose parents or origins belong to clients the
 * server never saw, clocks near 2^53, client ids beyond 32 bits, writes into the board's
 * own maps, deep `any` values, GC and skip runs of absurd length, thousands of clients, and
 * delete sets — of everything, of huge ranges, and of many ranges over a run that is already
 * deleted (cheap to send, and costly for anything that walks the range clock by clock).
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { hostileInt } from './bytes.mjs';
import { Writer } from './writer.mjs';

const CONTENT = { deleted: 1, string: 4, any: 8 };
const INFO = { gc: 0, skip: 10, hasOrigin: 0x80, hasRightOrigin: 0x40, hasParentSub: 0x20 };
const BOARD_MAPS = ['topics', 'dots', 'meta', 'hands', 'turns', 'presence', 'publicNames', 'notes', 'log'];
/** How many delete ranges fit a 16 KB frame when each costs about four bytes. */
export const MANY_RANGES = 4_000;

function anyBytes(value) {
	const e = encoding.createEncoder();
	encoding.writeAny(e, value);
	return encoding.toUint8Array(e);
}

/** An `any` value nested `depth` arrays deep, written directly (lib0 itself would recurse). */
function deepAny(depth) {
	const w = new Writer();
	for (let i = 0; i < depth; i++) w.byte(117).byte(1);
	return w.byte(126).done();
}

function writeItem(w, { origin = null, rightOrigin = null, parent = null, parentSub = null, content }) {
	const info = content.ref | (origin ? INFO.hasOrigin : 0) | (rightOrigin ? INFO.hasRightOrigin : 0) | (parentSub !== null ? INFO.hasParentSub : 0);
	w.byte(info);
	if (origin) w.uint(origin.client).uint(origin.clock);
	if (rightOrigin) w.uint(rightOrigin.client).uint(rightOrigin.clock);
	if (!origin && !rightOrigin) {
		if (typeof parent === 'string') w.uint(1).string(parent);
		else w.uint(0).uint(parent.client).uint(parent.clock);
		if (parentSub !== null) w.string(parentSub);
	}
	content.write(w);
}

const stringContent = (text) => ({ ref: CONTENT.string, write: (w) => w.string(text) });
const anyContent = (values) => ({
	ref: CONTENT.any,
	write: (w) => {
		w.uint(values.length);
		for (const v of values) w.bytes(v instanceof Uint8Array ? v : anyBytes(v));
	}
});

/** One client's structs, then a delete set; `deletes` is [{ client, ranges: [[clock, len]] }]. */
function update({ clients = [], deletes = [] }) {
	const w = new Writer();
	w.uint(clients.length);
	for (const c of clients) {
		w.uint(c.structs.length).uint(c.client).uint(c.clock);
		for (const s of c.structs) s(w);
	}
	w.uint(deletes.length);
	for (const d of deletes) {
		w.uint(d.client).uint(d.ranges.length);
		for (const [clock, len] of d.ranges) w.uint(clock).uint(len);
	}
	return w.done();
}

const newClient = (gen) => prng.uint32(gen, 1, 0xffffffff);
const knownClient = (gen, ctx) => (ctx.clients.length ? prng.oneOf(gen, ctx.clients).client : newClient(gen));

/** The families, each `(gen, ctx) => update bytes`; ctx comes from the server's doc (see mirror.mjs). */
export const HOSTILE_UPDATES = {
	'unknown-parent': (gen) =>
		update({ clients: [{ client: newClient(gen), clock: 0, structs: [(w) => writeItem(w, { parent: { client: newClient(gen), clock: prng.uint32(gen, 0, 1e6) }, content: stringContent('x') })] }] }),
	'unknown-origin': (gen, ctx) =>
		update({
			clients: [{ client: newClient(gen), clock: 0, structs: [(w) => writeItem(w, { origin: { client: knownClient(gen, ctx), clock: 2 ** 40 }, content: stringContent('orphan') })] }]
		}),
	'huge-clock': (gen) =>
		update({ clients: [{ client: newClient(gen), clock: hostileInt(gen), structs: [(w) => writeItem(w, { parent: 'notes', parentSub: 'n', content: anyContent([1]) })] }] }),
	'huge-client-id': (gen) =>
		update({ clients: [{ client: hostileInt(gen), clock: 0, structs: [(w) => writeItem(w, { parent: prng.oneOf(gen, BOARD_MAPS), parentSub: 'k', content: anyContent(['v']) })] }] }),
	'board-map-write': (gen) =>
		update({
			clients: [
				{
					client: newClient(gen),
					clock: 0,
					structs: [(w) => writeItem(w, { parent: prng.oneOf(gen, BOARD_MAPS), parentSub: prng.word(gen, 1, 30), content: anyContent([prng.oneOf(gen, [null, 'junk', 42, { status: 'open' }, [1, 2], true])]) })]
				}
			]
		}),
	'deep-any': (gen) =>
		update({ clients: [{ client: newClient(gen), clock: 0, structs: [(w) => writeItem(w, { parent: 'meta', parentSub: 'deep', content: anyContent([deepAny(prng.int31(gen, 1_000, 100_000))]) })] }] }),
	'many-structs': (gen) => {
		const count = prng.int31(gen, 100, 3_000);
		const structs = Array.from({ length: count }, (_, i) => (w) => writeItem(w, { parent: `fuzz-${i % 50}`, parentSub: String(i), content: anyContent([i]) }));
		return update({ clients: [{ client: newClient(gen), clock: 0, structs }] });
	},
	'gc-skip-huge': (gen) =>
		update({ clients: [{ client: newClient(gen), clock: 0, structs: [(w) => w.byte(prng.bool(gen) ? INFO.gc : INFO.skip).uint(hostileInt(gen))] }] }),
	'many-clients': (gen) => {
		const count = prng.int31(gen, 1_000, 20_000);
		return update({ deletes: Array.from({ length: count }, () => ({ client: newClient(gen), ranges: [[0, 1]] })) });
	},
	'delete-everything': (gen, ctx) => update({ deletes: ctx.clients.map(({ client, clock }) => ({ client, ranges: [[0, Math.max(1, clock)]] })) }),
	'delete-huge-ranges': (gen, ctx) =>
		update({ deletes: [{ client: knownClient(gen, ctx), ranges: Array.from({ length: prng.int31(gen, 1, 8) }, () => [prng.uint32(gen, 0, 100), hostileInt(gen)]) }] }),
	/** Many ranges over a run the server has already deleted: every clock of it is "already deleted". */
	'delete-deleted-runs': (gen, ctx) => {
		// The longest run (the deleted note) half the time.
		const run = ctx.deletedRuns.length ? (prng.bool(gen) ? ctx.deletedRuns[0] : prng.oneOf(gen, ctx.deletedRuns)) : { client: knownClient(gen, ctx), clock: 0, len: 1 };
		const count = prng.int31(gen, MANY_RANGES / 4, MANY_RANGES);
		return update({ deletes: [{ client: run.client, ranges: Array.from({ length: count }, () => [run.clock, run.len]) }] });
	},
	'delete-ranges-unknown-client': (gen) =>
		update({ deletes: [{ client: newClient(gen), ranges: Array.from({ length: prng.int31(gen, 1, MANY_RANGES) }, (_, i) => [i * 2, 1]) }] })
};

/** Updates an honest client sends: nothing new (a read-only phone's answer) or what the server already has. */
export const HONEST_UPDATES = {
	empty: () => update({}),
	'known-state': (_gen, ctx) => ctx.update,
	'known-deletes': (_gen, ctx) => update({ deletes: ctx.deletedRuns.slice(0, 50).map((r) => ({ client: r.client, ranges: [[r.clock, r.len]] })) })
};
