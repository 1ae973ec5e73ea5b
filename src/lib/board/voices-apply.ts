/**
 * Hands and turns on the board. Times come from the server's clock (`ctx.now`); at most one
 * turn is live, and giving the floor ends the live one first. "Next" follows the queue as
 * `voices/queue.ts` orders it from the board's own turns and hands.
 */
import type { Board } from './doc';
import type { Appliers } from './applier';
import { OK, fail, log, type ApplyContext, type ApplyResult } from './result';
import { getFrozen, getLiveTurnId, getOnTable, setFrozen, setLiveTurnId, setResponsesEnabled, unfreeze } from './meta';
import { closePresence, openPresence } from './presence';
import { hidePublicName, showPublicName } from './public-names';
import { queueOf, voicesOf } from './voices-read';
import { FROZEN_PLACES, freezeShown } from '../voices/queue';
import type { HandRequest, Turn, TurnKind } from '../voices/types';

export { firstName } from './public-names';

export function liveTurn(b: Board): Turn | null {
	const id = getLiveTurnId(b);
	const turn = id ? b.turns.get(id) : undefined;
	return turn && turn.status === 'live' ? turn : null;
}

/** The queue as everybody sees it (see `queueOf`). */
export function currentQueue(b: Board, now: number) {
	return queueOf(voicesOf(b), now);
}

function endLive(b: Board, now: number) {
	const live = liveTurn(b);
	if (!live) return;
	const pausedMs = live.pausedMs + (live.pausedAt !== null ? now - live.pausedAt : 0);
	b.turns.set(live.id, { ...live, status: 'closed', end: now, pausedMs, pausedAt: null });
	setLiveTurnId(b, null);
}

/** The voices commands' appliers; apply.ts joins them with the topics' into one full table. */
export const VOICES_APPLIERS = {
	raiseHand: (b, c, ctx) => raiseHand(b, ctx.actor.id, c.args.kind, ctx.now, false),
	raiseHandFor: (b, c, ctx) => raiseHand(b, c.args.participantId, c.args.kind, ctx.now, true),
	lowerHand: (b, _c, ctx) => lowerHand(b, ctx.actor.id),
	lowerHandFor: (b, c) => lowerHand(b, c.args.participantId),
	showNameOnProjector: (b, c, ctx) => {
		// Consent is the presence of the entry: taking it back removes the name from the board.
		if (c.args.show) showPublicName(b, ctx.actor.id, ctx.actor.name);
		else hidePublicName(b, ctx.actor.id);
		return OK;
	},
	markPresent: (b, c, ctx) => {
		if (c.args.present) openPresence(b, c.args.participantId, 'marked', ctx.now);
		else closePresence(b, c.args.participantId, 'marked', ctx.now);
		return OK;
	},
	addProxyParticipant: (b, _c, ctx) => {
		// The server created the person (ctx.subject) before this runs; here they become present.
		if (!ctx.subject) return fail('unknown_participant');
		openPresence(b, ctx.subject.id, 'marked', ctx.now);
		log(b, ctx, { action: 'proxy', detail: ctx.subject.id });
		return { ok: true, participantId: ctx.subject.id };
	},
	moveHand: (b, c, ctx) => moveHand(b, c.args.participantId, c.args.position, ctx),
	approveProcessPoint: (b, c) => {
		const hand = b.hands.get(c.args.participantId);
		if (!hand) return fail('no_hand');
		b.hands.set(hand.participantId, { ...hand, approved: true });
		return OK;
	},
	setResponses: (b, c) => {
		setResponsesEnabled(b, c.args.enabled);
		return OK;
	},
	giveFloor: (b, c, ctx) => {
		const now = ctx.now;
		const { queue } = currentQueue(b, now);
		const chosen = c.args.participantId ?? queue[0]?.participantId;
		if (!chosen) return fail('queue_empty');
		const hand = b.hands.get(chosen);
		endLive(b, now);
		const turn: Turn = {
			id: c.id,
			participantId: chosen,
			topicId: getOnTable(b),
			start: now,
			end: null,
			pausedMs: 0,
			pausedAt: null,
			source: c.args.participantId ? 'manual' : 'queue',
			kind: hand?.kind ?? 'contribution',
			status: 'live',
			corrects: null
		};
		b.turns.set(turn.id, turn);
		setLiveTurnId(b, turn.id);
		b.hands.delete(chosen);
		// The next places are shown now: freeze them (after the floor was given).
		setFrozen(b, freezeShown(currentQueue(b, now).queue, getFrozen(b).filter((id) => id !== chosen)));
		log(b, ctx, { action: 'floor', detail: chosen });
		return OK;
	},
	pauseTurn: (b, _c, ctx) => {
		const live = liveTurn(b);
		if (!live) return fail('no_live_turn');
		if (live.pausedAt === null) b.turns.set(live.id, { ...live, pausedAt: ctx.now });
		return OK;
	},
	resumeTurn: (b, _c, ctx) => {
		const live = liveTurn(b);
		if (!live) return fail('no_live_turn');
		if (live.pausedAt !== null) b.turns.set(live.id, { ...live, pausedAt: null, pausedMs: live.pausedMs + (ctx.now - live.pausedAt) });
		return OK;
	},
	endTurn: (b, _c, ctx) => {
		if (!liveTurn(b)) return fail('no_live_turn');
		endLive(b, ctx.now);
		return OK;
	},
	voidTurn: (b, c, ctx) => {
		const turn = b.turns.get(c.args.turnId);
		if (!turn) return fail('not_found');
		if (turn.status === 'live') setLiveTurnId(b, null);
		b.turns.set(turn.id, { ...turn, status: 'voided', end: turn.end ?? ctx.now });
		log(b, ctx, { action: 'void', detail: turn.id });
		return OK;
	},
	reassignTurn: (b, c, ctx) => {
		const turn = b.turns.get(c.args.turnId);
		if (!turn || turn.status === 'voided') return fail('not_found');
		// The wrong turn is voided and a corrected copy links back to it, so the log keeps both.
		b.turns.set(turn.id, { ...turn, status: 'voided', end: turn.end ?? ctx.now });
		const corrected: Turn = { ...turn, id: c.id, participantId: c.args.participantId, corrects: turn.id };
		b.turns.set(corrected.id, corrected);
		if (turn.status === 'live') setLiveTurnId(b, corrected.id);
		log(b, ctx, { action: 'reassign', detail: `${turn.id}>${c.args.participantId}` });
		return OK;
	}
} satisfies Partial<Appliers>;

function raiseHand(b: Board, participantId: string, kind: TurnKind, now: number, byProxy: boolean): ApplyResult {
	const existing = b.hands.get(participantId);
	if (existing && existing.kind === kind) return OK;
	// Changing the kind keeps the place in time; a process point needs approval again.
	const hand: HandRequest = { participantId, kind, requestedAt: existing?.requestedAt ?? now, approved: false };
	if (byProxy) hand.byProxy = true;
	if (existing?.moved) hand.moved = true;
	b.hands.set(participantId, hand);
	return OK;
}

function lowerHand(b: Board, participantId: string): ApplyResult {
	if (!b.hands.has(participantId)) return fail('no_hand');
	b.hands.delete(participantId);
	unfreeze(b, participantId);
	return OK;
}

/**
 * The facilitator puts a waiting hand at `position`. Everything before it is frozen in its
 * current order, so the move holds until those people had their turn; it is logged.
 */
function moveHand(b: Board, participantId: string, position: number, ctx: ApplyContext): ApplyResult {
	const hand = b.hands.get(participantId);
	if (!hand) return fail('no_hand');
	const order = currentQueue(b, ctx.now).queue.map((e) => e.participantId).filter((id) => id !== participantId);
	const at = Math.min(position, order.length);
	order.splice(at, 0, participantId);
	b.hands.set(participantId, { ...hand, moved: true, approved: hand.kind === 'process' ? true : hand.approved });
	setFrozen(b, order.slice(0, Math.max(FROZEN_PLACES, at + 1)));
	log(b, ctx, { action: 'move', detail: `${participantId}@${at}` });
	return OK;
}
