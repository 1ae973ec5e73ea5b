/** Why a board command was refused, in the page's language. */
import { m } from '$lib/paraglide/messages';
import type { CommandError } from '$lib/board/errors';

const MESSAGES: Record<CommandError, () => string> = {
	invalid_command: m.command_invalid,
	unknown_command: m.command_invalid,
	duplicate_id: m.command_invalid,
	not_json: m.command_invalid,
	protocol_mismatch: m.protocol_reload,
	too_large: m.command_too_large,
	closed: m.command_closed,
	forbidden: m.command_forbidden,
	not_found: m.command_not_found,
	not_yours: m.command_not_yours,
	not_editable: m.command_not_editable,
	budget_spent: m.command_budget_spent,
	topic_max: m.command_topic_max,
	no_dot: m.command_no_dot,
	too_many_topics: m.command_too_many_topics,
	title_required: m.command_title_required,
	title_invisible: m.error_title_invisible,
	title_too_long: m.command_title_too_long,
	details_too_long: m.command_details_too_long,
	outcome_too_long: m.command_outcome_too_long,
	invalid_characters: m.error_invalid_characters,
	same_topic: m.command_same_topic,
	not_merged: m.command_not_merged,
	rate_limited: m.command_rate_limited,
	no_live_turn: m.command_no_live_turn,
	queue_empty: m.command_queue_empty,
	no_hand: m.command_no_hand,
	unknown_participant: m.command_unknown_participant,
	name_required: m.error_name_required,
	name_invisible: m.error_name_invisible,
	name_too_long: m.error_name_too_long,
	name_invalid_characters: m.error_invalid_characters,
	name_taken: m.error_name_taken,
	name_lookalike: m.error_name_lookalike
};

export function commandErrorText(code: CommandError): string {
	return MESSAGES[code]();
}
