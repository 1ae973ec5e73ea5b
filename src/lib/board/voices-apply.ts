/**
 * Hands and turns on the board. Times come from the server's clock (`ctx.now`); at most one
 * turn is live, and giving the floor ends the live one first. "Next" follows the queue as
 * `voices/queue.ts` orders it from the board's own turns and hands.
 */
import { getOnTable, type Board } from './doc';
import type { CommandEnvelope } from './commands';
import { OK, fail, log, type ApplyContext, type ApplyResult } from './result';
import { computeMetrics } from '../voices/metrics';
import { freezeShown, orderQueue } from '../voices/queue';
import type { Presence, Turn } from '../voices/types';

export function liveTurn(b: Board): Turn | null {
	const id = b.meta.get('liveTurn') as string | null | undefined;
	const turn = id ? b.turns.get(id) : undefined;
	return turn && turn.status === 'live' ? turn : null;
}

/**
 * The queue as everybody sees it. Until presence is tracked per connection, everyone with a
 * hand or a turn counts as present for the whole gathering.
 */
export function currentQueue(b: Board, now: number) {
	const turns = [...b.turns.values()];
	const requests = [...b.hands.values()];
	const presence: Presence = {};
	for (const id of new Set([...turns.map((t) => t.participantId), ...requests.map((r) => r.participantId)])) {
		presence[id] = [{ start: 0, end: null }];
	}
	const metrics = computeMetrics({ turns, presence, window: { from: 0, to: now }, now });
	return orderQueue({
		requests,
		turns,
		now,
		topicId: getOnTable(b),
		responsesEnabled: b.meta.get('responses') === true,
		hasLiveTurn: liveTurn(b) !== null,
		deficits: Object.fromEntries(metrics.people.map((p) => [p.id, p.deficitMs])),
		frozen: (b.meta.get('frozen') as string[] | undefined) ?? []
	});
}

function endLive(b: Board, now: number) {
	const live = liveTurn(b);
	if (!live) return;
	const pausedMs = live.pausedMs + (live.pausedAt !== null ? now - live.pausedAt : 0);
	b.turns.set(live.id, { ...live, status: 'closed', end: now, pausedMs, pausedAt: null });
	b.meta.set('liveTurn', null);
}

/** Returns null when `c` is not a voices command. Role checks happened in the dispatcher. */
export function applyVoicesCommand(b: Board, c: CommandEnvelope, ctx: ApplyContext): ApplyResult | null {
	const now = ctx.now;
	switch (c.type) {
		case 'raiseHand': {
			const existing = b.hands.get(ctx.actor.id);
			if (existing && existing.kind === c.args.kind) return OK;
			b.hands.set(ctx.actor.id, { participantId: ctx.actor.id, kind: c.args.kind, requestedAt: existing?.requestedAt ?? now, approved: false });
			return OK;
		}
		case 'lowerHand':
			if (!b.hands.has(ctx.actor.id)) return fail('no_hand');
			b.hands.delete(ctx.actor.id);
			return OK;
		case 'approveProcessPoint': {
			const hand = b.hands.get(c.args.participantId);
			if (!hand) return fail('no_hand');
			b.hands.set(hand.participantId, { ...hand, approved: true });
			return OK;
		}
		case 'setResponses':
			b.meta.set('responses', c.args.enabled);
			return OK;
		case 'giveFloor': {
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
			b.meta.set('liveTurn', turn.id);
			b.hands.delete(chosen);
			// The next places are shown now: freeze them (after the floor was given).
			b.meta.set('frozen', freezeShown(currentQueue(b, now).queue, ((b.meta.get('frozen') as string[]) ?? []).filter((id) => id !== chosen)));
			log(b, ctx, { action: 'floor', detail: chosen });
			return OK;
		}
		case 'pauseTurn': {
			const live = liveTurn(b);
			if (!live) return fail('no_live_turn');
			if (live.pausedAt === null) b.turns.set(live.id, { ...live, pausedAt: now });
			return OK;
		}
		case 'resumeTurn': {
			const live = liveTurn(b);
			if (!live) return fail('no_live_turn');
			if (live.pausedAt !== null) b.turns.set(live.id, { ...live, pausedAt: null, pausedMs: live.pausedMs + (now - live.pausedAt) });
			return OK;
		}
		case 'endTurn':
			if (!liveTurn(b)) return fail('no_live_turn');
			endLive(b, now);
			return OK;
		case 'voidTurn': {
			const turn = b.turns.get(c.args.turnId);
			if (!turn) return fail('not_found');
			if (turn.status === 'live') b.meta.set('liveTurn', null);
			b.turns.set(turn.id, { ...turn, status: 'voided', end: turn.end ?? now });
			log(b, ctx, { action: 'void', detail: turn.id });
			return OK;
		}
		case 'reassignTurn': {
			const turn = b.turns.get(c.args.turnId);
			if (!turn || turn.status === 'voided') return fail('not_found');
			// The wrong turn is voided and a corrected copy links back to it, so the log keeps both.
			b.turns.set(turn.id, { ...turn, status: 'voided', end: turn.end ?? now });
			const corrected: Turn = { ...turn, id: c.id, participantId: c.args.participantId, corrects: turn.id };
			b.turns.set(corrected.id, corrected);
			if (turn.status === 'live') b.meta.set('liveTurn', corrected.id);
			log(b, ctx, { action: 'reassign', detail: `${turn.id}>${c.args.participantId}` });
			return OK;
		}
		default:
			return null;
	}
}
