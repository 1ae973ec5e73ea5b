/**
 * The commands that change a board, as they travel from browser to server:
 * `{ id, type, args }`. The schema is the contract; the server refuses anything it does not
 * parse before a single byte of the board is touched.
 */
import * as v from 'valibot';
import { PHASES } from './types';
import { TURN_KINDS } from '../voices/types';

export const MAX_TOPIC_TITLE_CHARS = 140;
export const MAX_TOPIC_DETAILS_CHARS = 1000;
export const MAX_OUTCOME_CHARS = 280;
export const MAX_OPEN_TOPICS_PER_PARTICIPANT = 20;
/** Loose outer bounds; the exact limits (in characters, after tidying) are checked by the appliers. */
const MAX_RAW_TEXT = 4 * MAX_TOPIC_DETAILS_CHARS;
/**
 * The largest command body the server reads. The biggest command (a title and details of
 * MAX_RAW_TEXT UTF-16 units each) is at most 8,000 units: 24 KB of UTF-8, 48 KB if every unit
 * were JSON-escaped as `\uXXXX`. Anything larger is refused unread (413).
 */
export const MAX_COMMAND_BODY_BYTES = 64 * 1024;

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const PARTICIPANT_COMMANDS = {
	addTopic: v.object({ title: text(MAX_RAW_TEXT), details: v.optional(text(MAX_RAW_TEXT), '') }),
	editTopic: v.object({ topicId: id, title: text(MAX_RAW_TEXT), details: v.optional(text(MAX_RAW_TEXT), '') }),
	withdrawTopic: v.object({ topicId: id }),
	placeDot: v.object({ topicId: id }),
	removeDot: v.object({ topicId: id }),
	raiseHand: v.object({ kind: v.optional(v.picklist(TURN_KINDS), 'contribution') }),
	lowerHand: v.object({}),
	showNameOnProjector: v.object({ show: v.boolean() })
} as const;

/** Positions a facilitator can move a hand to: the first places are what people are told. */
export const MAX_MOVE_POSITION = 50;

export const FACILITATOR_COMMANDS = {
	mergeTopics: v.object({ sourceId: id, targetId: id }),
	unmerge: v.object({ topicId: id }),
	putOnTable: v.object({ topicId: v.nullable(id) }),
	markDiscussed: v.object({ topicId: id, outcome: v.optional(text(MAX_RAW_TEXT), '') }),
	park: v.object({ topicId: id, parked: v.boolean() }),
	pin: v.object({ topicId: id, pinned: v.boolean() }),
	reorder: v.object({ topicId: id, position: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)) }),
	hideTopic: v.object({ topicId: id, hidden: v.boolean() }),
	setPhase: v.object({ phase: v.picklist(PHASES) }),
	giveFloor: v.object({ participantId: v.optional(id) }),
	pauseTurn: v.object({}),
	resumeTurn: v.object({}),
	endTurn: v.object({}),
	voidTurn: v.object({ turnId: id }),
	reassignTurn: v.object({ turnId: id, participantId: id }),
	approveProcessPoint: v.object({ participantId: id }),
	setResponses: v.object({ enabled: v.boolean() }),
	moveHand: v.object({ participantId: id, position: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_MOVE_POSITION)) }),
	markPresent: v.object({ participantId: id, present: v.boolean() }),
	// The name is checked like any display name, on the server, before the board is touched.
	addProxyParticipant: v.object({ name: text(MAX_RAW_TEXT) }),
	raiseHandFor: v.object({ participantId: id, kind: v.optional(v.picklist(TURN_KINDS), 'contribution') }),
	lowerHandFor: v.object({ participantId: id }),
	addTopicFor: v.object({ participantId: id, title: text(MAX_RAW_TEXT), details: v.optional(text(MAX_RAW_TEXT), '') })
} as const;

/** Facilitator commands about one participant: the server checks the person belongs to the gathering first. */
export const SUBJECT_COMMANDS: ReadonlySet<string> = new Set<FacilitatorCommandType>(['giveFloor', 'reassignTurn', 'approveProcessPoint', 'moveHand', 'markPresent', 'raiseHandFor', 'lowerHandFor', 'addTopicFor']);

type Schemas = typeof PARTICIPANT_COMMANDS & typeof FACILITATOR_COMMANDS;
export type ParticipantCommandType = keyof typeof PARTICIPANT_COMMANDS;
export type FacilitatorCommandType = keyof typeof FACILITATOR_COMMANDS;
export type CommandType = keyof Schemas;
export type CommandArgs<T extends CommandType> = v.InferOutput<Schemas[T]>;
export type Command = { [T in CommandType]: { type: T; args: CommandArgs<T> } }[CommandType];
export type CommandEnvelope = Command & { id: string };
/** One command of type `T` as the appliers receive it. */
export type CommandOf<T extends CommandType> = { id: string; type: T; args: CommandArgs<T> };

/** A type is a participant's or a facilitator's, never both: the role check depends on it. */
const _rolesApart: [ParticipantCommandType & FacilitatorCommandType] extends [never] ? true : never = true;

/** Every command type, participants' first. */
export const COMMAND_TYPES = [...Object.keys(PARTICIPANT_COMMANDS), ...Object.keys(FACILITATOR_COMMANDS)] as CommandType[];

export function isParticipantCommand(type: string): type is ParticipantCommandType {
	return Object.hasOwn(PARTICIPANT_COMMANDS, type);
}

export function isFacilitatorCommand(type: string): type is FacilitatorCommandType {
	return Object.hasOwn(FACILITATOR_COMMANDS, type);
}

/** Client-generated command ids are UUIDs; they double as the id of a topic a command adds. */
const envelopeSchema = v.object({
	id: v.pipe(v.string(), v.uuid()),
	type: v.string(),
	args: v.optional(v.unknown(), {})
});

export type ParseError = 'invalid_command' | 'unknown_command';

export function parseCommand(input: unknown): { ok: true; command: CommandEnvelope } | { ok: false; error: ParseError } {
	const envelope = v.safeParse(envelopeSchema, input);
	if (!envelope.success) return { ok: false, error: 'invalid_command' };
	const { id: commandId, type, args } = envelope.output;
	const schema = isParticipantCommand(type)
		? PARTICIPANT_COMMANDS[type]
		: isFacilitatorCommand(type)
			? FACILITATOR_COMMANDS[type]
			: null;
	if (!schema) return { ok: false, error: 'unknown_command' };
	const parsed = v.safeParse(schema, args);
	if (!parsed.success) return { ok: false, error: 'invalid_command' };
	return { ok: true, command: { id: commandId, type, args: parsed.output } as CommandEnvelope };
}
