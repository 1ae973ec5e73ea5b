/** What an applier answers, and the helpers every applier shares. */
import type { Board } from './doc';
import type { Actor, BoardSettings, BoardLogEntry } from './types';

export type BoardError =
	| 'closed'
	| 'no_live_turn'
	| 'queue_empty'
	| 'no_hand'
	| 'forbidden'
	| 'not_found'
	| 'not_yours'
	| 'not_editable'
	| 'budget_spent'
	| 'topic_max'
	| 'no_dot'
	| 'too_many_topics'
	| 'title_required'
	| 'title_invisible'
	| 'title_too_long'
	| 'details_too_long'
	| 'outcome_too_long'
	| 'invalid_characters'
	| 'same_topic'
	| 'not_merged'
	| 'unknown_participant';

export type ApplyResult = { ok: true; topicId?: string; participantId?: string } | { ok: false; error: BoardError };

export type ApplyContext = {
	actor: Actor;
	settings: BoardSettings;
	now: number;
	/**
	 * The participant a facilitator command is about (or the person it just added), as the
	 * server found them in the database. Absent for commands about nobody in particular.
	 */
	subject?: { id: string; name: string };
};

export const fail = (error: BoardError): ApplyResult => ({ ok: false, error });
export const OK: ApplyResult = { ok: true };

export function log(b: Board, ctx: ApplyContext, entry: Omit<BoardLogEntry, 'at' | 'actor'>) {
	b.log.push([{ at: ctx.now, actor: ctx.actor.id, ...entry }]);
}
