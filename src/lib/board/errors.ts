/**
 * Every reason a command can be refused, as sent to the phone (and translated there), and
 * the HTTP status each is answered with. The status table is total: `satisfies` makes a code
 * without a status, or a status for a code nobody produces, a compile error, so a new
 * refusal can never fall back to a status nobody chose. The README's live-board section
 * lists the same table for people writing clients.
 */
import type { BoardError } from './result';
import type { ParseError } from './commands';
import type { DisplayNameError } from '../validation/display-name';

/** Refusals of the request itself, before its command is parsed, or of the person sending it. */
export const REQUEST_ERROR = {
	/** The body is not `application/json`. */
	notJson: 'not_json',
	/** The body is larger than the route or the server accepts. */
	tooLarge: 'too_large',
	/** The sender has used up their commands for now. */
	rateLimited: 'rate_limited',
	/** The command id was already used for another command, by someone else or on another board. */
	duplicateId: 'duplicate_id',
	/** The page speaks another protocol version (protocol/version.ts): it must reload first. */
	protocolMismatch: 'protocol_mismatch'
} as const;
export type RequestError = (typeof REQUEST_ERROR)[keyof typeof REQUEST_ERROR];

/** A person added for someone without a phone is named like anyone who joins. */
export type NameError = DisplayNameError | 'name_taken' | 'name_lookalike';

export type CommandError = BoardError | ParseError | RequestError | NameError;

/** The statuses a refused command is answered with. */
export type CommandErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 429;

export const COMMAND_ERROR_STATUS = {
	// 400: the command is malformed or its text breaks a rule; sending it again will not help.
	invalid_command: 400,
	unknown_command: 400,
	title_required: 400,
	title_invisible: 400,
	name_invisible: 400,
	title_too_long: 400,
	details_too_long: 400,
	outcome_too_long: 400,
	invalid_characters: 400,
	same_topic: 400,
	name_required: 400,
	name_too_long: 400,
	name_invalid_characters: 400,
	// 403: this person may not do this.
	forbidden: 403,
	not_yours: 403,
	// 404: what the command is about does not exist (in this gathering, or not visible).
	not_found: 404,
	unknown_participant: 404,
	// 409: allowed in general, but not in the board's present state.
	closed: 409,
	not_editable: 409,
	budget_spent: 409,
	topic_max: 409,
	no_dot: 409,
	too_many_topics: 409,
	not_merged: 409,
	no_live_turn: 409,
	queue_empty: 409,
	no_hand: 409,
	name_taken: 409,
	name_lookalike: 409,
	duplicate_id: 409,
	protocol_mismatch: 409,
	// The request, not the command.
	too_large: 413,
	not_json: 415,
	rate_limited: 429
} as const satisfies Record<CommandError, CommandErrorStatus>;

export function statusOf(error: CommandError): CommandErrorStatus {
	return COMMAND_ERROR_STATUS[error];
}
