/**
 * Every message kind of the y-websocket protocol, honest and hostile. A message is a varuint
 * type and a body: 0 sync (a varuint sub-type — 0 step 1 carrying a state vector, 1 step 2
 * and 2 update each carrying a Yjs update — then the payload as a length-prefixed byte
 * string), 1 awareness (a length-prefixed awareness update: a count, then per entry a client
 * id, a clock and a JSON state as a length-prefixed string), 2 auth (0 "permission denied"
 * and a reason; servers are not sent this one), 3 query awareness (no body). Anything else
 * is an unknown type.
 *
 * Each family below returns `{ kind, bytes }` (or `text` for a text frame); kind names the
 * family and variant so a crash report says what was sent. `ctx` is what the fuzzer knows of
 * the server's doc (mirror.mjs): its clients and clocks, its deleted runs, its whole state.
 */
import * as prng from 'lib0/prng';
import { concat, hostileInt, hostileVarUint, mutate, varBytes, varString, varUint } from './bytes.mjs';
import { HONEST_UPDATES, HOSTILE_UPDATES } from './yjs-updates.mjs';
import { Writer } from './writer.mjs';

const TYPE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 };
const SYNC = { step1: 0, step2: 1, update: 2 };
/** Below the server's 1 MB message limit, so a big state is accepted as a message at all. */
const BIG_STATE_BYTES = 900 * 1024;
const DEEP_JSON_LEVELS = 100_000;
/** How often a structured frame gets a blind mutation on top. */
const MUTATION_RATE = 0.1;

function sync(sub, payload, claimed) {
	return new Writer().uint(TYPE.sync).uint(sub).lengthPrefixed(payload, claimed).done();
}

function awarenessFrame(entries) {
	const body = new Writer().uint(entries.length);
	for (const e of entries) body.bytes(varUint(e.client)).bytes(varUint(e.clock)).string(e.json);
	return new Writer().uint(TYPE.awareness).lengthPrefixed(body.done()).done();
}

function stateVector(entries) {
	const w = new Writer().uint(entries.length);
	for (const [client, clock] of entries) w.bytes(varUint(client)).bytes(varUint(clock));
	return w.done();
}

const step1 = {
	'empty-sv': () => Uint8Array.from([0, 0, 0]),
	'truncated-sv': () => Uint8Array.from([0, 0, 1, 5]),
	'sv-count-only': (gen) => sync(SYNC.step1, varUint(prng.int31(gen, 1, 1000))),
	'sv-hostile-clocks': (gen, ctx) => sync(SYNC.step1, stateVector(ctx.clients.slice(0, 4).map((c) => [c.client, hostileInt(gen)]))),
	'sv-hostile-clients': (gen) => sync(SYNC.step1, stateVector(Array.from({ length: prng.int31(gen, 1, 4) }, () => [hostileInt(gen), prng.uint32(gen, 0, 1e6)]))),
	'sv-many-clients': (gen) => sync(SYNC.step1, stateVector(Array.from({ length: prng.int31(gen, 1_000, 50_000) }, () => [prng.uint32(gen, 1, 0xffffffff), 0]))),
	'inflated-length': (gen, ctx) => concat([TYPE.sync, SYNC.step1], hostileVarUint(gen), [...ctx.sv]),
	'random-sv': (gen) => sync(SYNC.step1, prng.uint8Array(gen, prng.int31(gen, 1, 64)))
};

function updateFamily(sub) {
	const variants = {};
	for (const [name, make] of Object.entries(HOSTILE_UPDATES)) variants[name] = (gen, ctx) => sync(sub, make(gen, ctx));
	for (const [name, make] of Object.entries(HONEST_UPDATES)) variants[`honest-${name}`] = (gen, ctx) => sync(sub, make(gen, ctx));
	variants['inflated-length'] = (gen) => concat([TYPE.sync, sub], hostileVarUint(gen), [0, 0]);
	variants['random-update'] = (gen) => sync(sub, prng.uint8Array(gen, prng.int31(gen, 1, 256)));
	return variants;
}

const json = {
	small: () => JSON.stringify({ cursor: { anchor: 1 } }),
	deep: (gen) => {
		const n = prng.int31(gen, DEEP_JSON_LEVELS / 10, DEEP_JSON_LEVELS);
		return `{"d":${'['.repeat(n)}${']'.repeat(n)}}`;
	},
	huge: (gen) => JSON.stringify({ s: 'x'.repeat(prng.int31(gen, BIG_STATE_BYTES / 4, BIG_STATE_BYTES)) })
};

const awareness = {
	'deep-json': (gen) => awarenessFrame([{ client: prng.uint32(gen, 1, 0xffffffff), clock: 1, json: json.deep(gen) }]),
	'big-state-new-id': (gen) => awarenessFrame([{ client: prng.uint32(gen, 1, 0xffffffff), clock: 1, json: json.huge(gen) }]),
	'many-client-ids': (gen) =>
		awarenessFrame(Array.from({ length: prng.int31(gen, 500, 20_000) }, () => ({ client: prng.uint32(gen, 1, 0xffffffff), clock: 1, json: json.small() }))),
	'null-states': (gen) => awarenessFrame(Array.from({ length: prng.int31(gen, 1, 100) }, () => ({ client: prng.uint32(gen, 1, 0xffffffff), clock: 2, json: 'null' }))),
	'non-object-states': (gen) => awarenessFrame([{ client: prng.uint32(gen, 1, 1e6), clock: 1, json: prng.oneOf(gen, ['1', '"s"', 'true', '[1,2]', '[]', '{}']) }]),
	'invalid-json': (gen) => awarenessFrame([{ client: prng.uint32(gen, 1, 1e6), clock: 1, json: prng.oneOf(gen, ['{', '{"a":}', '\u0000', 'undefined', '{"__proto__":{"x":1}}']) }]),
	'hostile-ids': (gen) => awarenessFrame([{ client: hostileInt(gen), clock: hostileInt(gen), json: json.small() }]),
	'claimed-count': (gen) => new Writer().uint(TYPE.awareness).lengthPrefixed(hostileVarUint(gen)).done(),
	'inflated-length': (gen) => concat([TYPE.awareness], hostileVarUint(gen), [1, 1, 1]),
	'random-body': (gen) => new Writer().uint(TYPE.awareness).lengthPrefixed(prng.uint8Array(gen, prng.int31(gen, 1, 128))).done()
};

const queryAwareness = {
	plain: () => Uint8Array.from([TYPE.queryAwareness]),
	trailing: (gen) => concat([TYPE.queryAwareness], [...prng.uint8Array(gen, prng.int31(gen, 1, 32))])
};

const auth = {
	'permission-denied': (gen) => concat([TYPE.auth, 0], varString(prng.word(gen, 0, 40))),
	'unknown-sub': (gen) => concat([TYPE.auth], hostileVarUint(gen)),
	'inflated-reason': (gen) => concat([TYPE.auth, 0], hostileVarUint(gen), [65]),
	bare: () => Uint8Array.from([TYPE.auth])
};

const unknown = {
	'small-type': (gen) => concat(varUint(prng.int31(gen, 4, 127)), [...prng.uint8Array(gen, prng.int31(gen, 0, 16))]),
	'huge-type': (gen) => concat(hostileVarUint(gen), [0]),
	'sync-unknown-sub': (gen) => concat([TYPE.sync], hostileVarUint(gen), varBytes([0])),
	'empty-frame': () => new Uint8Array(0),
	'unterminated-varint': (gen) => new Uint8Array(prng.int31(gen, 1, 12)).fill(0xff),
	'text-frame': () => ({ text: '\u0000{"type":"sync"}' })
};

const honest = {
	'step1-current': (_gen, ctx) => sync(SYNC.step1, ctx.sv),
	'step1-nothing-known': () => sync(SYNC.step1, Uint8Array.from([0])),
	'step2-empty': () => sync(SYNC.step2, HONEST_UPDATES.empty()),
	'awareness-small': (gen) => awarenessFrame([{ client: prng.uint32(gen, 1, 1000), clock: prng.uint32(gen, 1, 100), json: json.small() }]),
	'query-awareness': () => Uint8Array.from([TYPE.queryAwareness])
};

/** Family → variants, with how many of each round of frames the family gets. */
export const FAMILIES = {
	'sync-step1': { weight: 10, variants: step1 },
	'sync-step2': { weight: 12, variants: updateFamily(SYNC.step2) },
	'sync-update': { weight: 12, variants: updateFamily(SYNC.update) },
	awareness: { weight: 14, variants: awareness },
	'query-awareness': { weight: 3, variants: queryAwareness },
	auth: { weight: 3, variants: auth },
	unknown: { weight: 6, variants: unknown },
	honest: { weight: 16, variants: honest }
};

/**
 * Frames in rounds: each round holds every family `weight` times, shuffled, so that every
 * family is reached within the first round even when a run stops early on crashes.
 * `only` and `skip` are lists of `family` or `family/variant` names to narrow a run down.
 */
export function frameSource(gen, { only = [], skip = [] } = {}) {
	const wanted = (name) => (!only.length || only.some((o) => name === o || name.startsWith(`${o}/`))) && !skip.some((o) => name === o || name.startsWith(`${o}/`));
	const chosen = Object.entries(FAMILIES)
		.map(([family, f]) => [family, f.weight, Object.keys(f.variants).filter((v) => wanted(`${family}/${v}`))])
		.filter(([, , variants]) => variants.length);
	if (!chosen.length) throw new Error('no frame kind left to send');
	const round = chosen.flatMap(([family, weight, variants]) => Array(weight).fill([family, variants]));
	let queue = [];
	return (ctx) => {
		if (!queue.length) {
			queue = [...round];
			for (let i = queue.length - 1; i > 0; i--) {
				const j = prng.int31(gen, 0, i);
				[queue[i], queue[j]] = [queue[j], queue[i]];
			}
		}
		const [family, names] = queue.pop();
		const variant = prng.oneOf(gen, names);
		const made = FAMILIES[family].variants[variant](gen, ctx);
		const kind = `${family}/${variant}`;
		if (!(made instanceof Uint8Array)) return { kind, ...made };
		if (family !== 'honest' && prng.real53(gen) < MUTATION_RATE) {
			// The main length prefix sits after the type (and the sync sub-type).
			const mutated = mutate(gen, made, family.startsWith('sync') ? 2 : 1);
			return { kind: `${kind}+${mutated.how}`, bytes: mutated.bytes };
		}
		return { kind, bytes: made };
	};
}
