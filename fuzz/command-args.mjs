/**
 * fast-check arbitraries for the command API: `POST /api/gatherings/<id>/commands` with a
 * JSON body `{ id, type, args }` (src/lib/board/commands.ts is the contract). Every command
 * type gets its arguments field by field: mostly values of the right type — ids of topics,
 * participants and turns that exist, or do not, texts at and past every limit, Unicode that
 * normalises, reorders, spoofs or is not well-formed — and sometimes a wrong type or a
 * missing field. Around them: an envelope with a fresh, reused, malformed or missing id and
 * a known, unknown or non-string type; and bodies that are not an envelope at all —
 * malformed JSON, deep nesting, near and over the body size limit, the wrong content type.
 *
 * `known` is read while values are generated, so ids the server hands out during a run
 * (topics added, proxies added) are used by later commands.
 */
import fc from 'fast-check';

const TURN_KINDS = ['contribution', 'response', 'process'];
/** `closed` ends a board for good; the run sets it once, at the end (see commands.mjs). */
const OPEN_PHASES = ['lobby', 'agenda', 'nazit'];
/** adapter-node's BODY_SIZE_LIMIT default (512 KB, see .env.example). */
const BODY_LIMIT_BYTES = 512 * 1024;
const DEEP_LEVELS = 100_000;

const ODD_TEXT = [
	'',
	' ',
	'\u0000',
	'a\u202eb',
	'\ud800',
	'e\u0301',
	'👩‍👩‍👧‍👦'.repeat(30),
	'\n\r\t',
	'\u2028',
	'=HYPERLINK("x")',
	'<script>alert(1)</script>',
	'\u{10FFFF}',
	'\uFEFF',
	'ﬃ'.repeat(200),
	'a'.repeat(140),
	'a'.repeat(141),
	'x'.repeat(4000),
	'x'.repeat(4001)
];

const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 5 }), fc.object({ maxDepth: 2 }));

const text = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ maxLength: 160 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
	{ weight: 3, arbitrary: fc.constantFrom(...ODD_TEXT) },
	{ weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'y'.repeat(n)) }
);

/** Right type most of the time, else a wrong one or nothing at all. */
const field = (good) => fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: fc.constant(undefined) });

const pick = (list) => fc.nat().map((i) => (list().length ? list()[i % list().length] : 'none'));

/** Type → an arbitrary per argument field. */
function fieldTable(known) {
	const id = (list) =>
		fc.oneof({ weight: 6, arbitrary: pick(list) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom('', 'a'.repeat(65), '../x', 'a|b', 'ä') });
	const topicId = id(() => known.topics);
	const participantId = id(() => known.participants);
	const turnId = id(() => known.turns);
	const bool = fc.boolean();
	const position = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(10_000, 10_001, 1.5, Number.MAX_SAFE_INTEGER));
	const kind = fc.oneof(fc.constantFrom(...TURN_KINDS), fc.string({ maxLength: 12 }));
	const phase = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...OPEN_PHASES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

	return {
		addTopic: { title: text, details: text },
		editTopic: { topicId, title: text, details: text },
		withdrawTopic: { topicId },
		placeDot: { topicId },
		removeDot: { topicId },
		raiseHand: { kind },
		lowerHand: {},
		showNameOnProjector: { show: bool },
		mergeTopics: { sourceId: topicId, targetId: topicId },
		unmerge: { topicId },
		putOnTable: { topicId: fc.oneof(topicId, fc.constant(null)) },
		markDiscussed: { topicId, outcome: text },
		park: { topicId, parked: bool },
		pin: { topicId, pinned: bool },
		reorder: { topicId, position },
		hideTopic: { topicId, hidden: bool },
		setPhase: { phase },
		giveFloor: { participantId },
		pauseTurn: {},
		resumeTurn: {},
		endTurn: {},
		voidTurn: { turnId },
		reassignTurn: { turnId, participantId },
		approveProcessPoint: { participantId },
		setResponses: { enabled: bool },
		moveHand: { participantId, position },
		markPresent: { participantId, present: bool },
		addProxyParticipant: { name: text },
		raiseHandFor: { participantId, kind },
		lowerHandFor: { participantId },
		addTopicFor: { participantId, title: text, details: text }
	};
}

/** The command types the fuzzer knows; commands.mjs checks them against commands.ts. */
export const FUZZED_TYPES = Object.keys(fieldTable({ topics: [], participants: [], turns: [], usedIds: [] }));

export function commandArbitraries(known) {
	const fields = fieldTable(known);
	const argsOf = (type) =>
		fc.oneof(
			{ weight: 30, arbitrary: fc.record(Object.fromEntries(Object.entries(fields[type]).map(([k, a]) => [k, field(a)]))) },
			{ weight: 1, arbitrary: wrongType },
			{ weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 5 }) }
		);
	const type = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...Object.keys(fields)) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: wrongType });
	const commandId = fc.oneof(
		{ weight: 30, arbitrary: fc.uuid() },
		{ weight: 2, arbitrary: pick(() => known.usedIds) },
		{ weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
		{ weight: 1, arbitrary: wrongType },
		{ weight: 1, arbitrary: fc.constant(undefined) }
	);
	const envelope = type.chain((t) => fc.record({ id: commandId, type: fc.constant(t), args: typeof t === 'string' && fields[t] ? argsOf(t) : wrongType }));
	const json = envelope.map((e) => ({ kind: `command:${typeof e.type === 'string' && fields[e.type] ? e.type : 'unknown-type'}`, body: JSON.stringify(e), envelope: e }));

	const raw = (kind, body, contentType = 'application/json') => ({ kind, body, contentType });
	const bodies = fc.oneof(
		{ weight: 1, arbitrary: fc.oneof(fc.constantFrom('{', '{"id":', 'null', '[]', '"x"', '1e999', '{"type":"placeDot"}{', '\u0000', ''), fc.string({ maxLength: 60 })).map((b) => raw('malformed-json', b)) },
		{ weight: 1, arbitrary: fc.integer({ min: 1_000, max: DEEP_LEVELS }).map((n) => raw('deep-json', `{"id":"${crypto.randomUUID()}","type":"addTopic","args":{"title":"t","x":${'['.repeat(n)}${']'.repeat(n)}}}`)) },
		{ weight: 1, arbitrary: fc.integer({ min: BODY_LIMIT_BYTES - 1_000, max: 4 * BODY_LIMIT_BYTES }).map((n) => raw(n > BODY_LIMIT_BYTES ? 'oversize-body' : 'near-limit-body', JSON.stringify({ id: crypto.randomUUID(), type: 'addTopic', args: { title: 't'.repeat(n) } }))) },
		{ weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '').map((ct) => raw('wrong-content-type', '{"id":"x","type":"lowerHand","args":{}}', ct)) },
		{ weight: 1, arbitrary: fc.integer({ min: 10, max: 5_000 }).map((n) => raw('duplicate-keys', `{"id":"${crypto.randomUUID()}",${'"type":"lowerHand",'.repeat(n)}"args":{}}`)) }
	);
	// `auto`: whoever may send the command's type (commands.mjs decides), so most commands get past the door.
	const sender = fc.oneof({ weight: 8, arbitrary: fc.constant('auto') }, { weight: 1, arbitrary: fc.constantFrom('facilitator', 'guest', 'stranger', 'other-gathering') });
	return fc.record({ sender, guest: fc.nat(), request: fc.oneof({ weight: 12, arbitrary: json }, { weight: 2, arbitrary: bodies }) }).map(({ sender, guest, request }) => ({ sender, guest, ...request }));
}

