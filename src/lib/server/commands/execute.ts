/**
 * validate → apply → persist → acknowledge. A command answers only after its update and its
 * ledger entry are committed together; the same command id sent again (a phone resending
 * from its outbox after a lost answer) gets the first answer back and changes nothing.
 */
import * as Y from 'yjs';
import { applyCommand } from '$lib/board/apply';
import type { CommandError } from '$lib/board/errors';
import { isFacilitatorCommand, parseCommand, type CommandEnvelope } from '$lib/board/commands';
import { ORIGIN_KIND } from '$lib/board/origins';
import type { Actor } from '$lib/board/types';
import type { Db } from '../db/client';
import { findCommand } from '../board/store';
import type { RoomRegistry } from '../realtime/registry';
import type { CommandOrigin } from '../realtime/room';
import { RateLimiter } from '../auth/rate-limit';


export type CommandOutcome =
	| { status: 200; body: { ok: true; topicId?: string } }
	| { status: 400 | 403 | 409 | 429; body: { ok: false; error: CommandError } };

/** 20 commands per 10 seconds per person: plenty for a human, a wall for a script. */
export const COMMAND_RATE = { capacity: 20, refillMs: 10_000 };

const STATUS_FOR: Partial<Record<CommandError, 400 | 403 | 409 | 429>> = {
	forbidden: 403,
	not_yours: 403,
	rate_limited: 429,
	closed: 409,
	not_editable: 409,
	budget_spent: 409,
	topic_max: 409,
	no_dot: 409,
	too_many_topics: 409,
	not_merged: 409,
	duplicate_id: 409,
	no_live_turn: 409,
	queue_empty: 409,
	no_hand: 409
};

type StoredResult = { ok: true; topicId?: string } | { ok: false; error: CommandError };

function outcome(result: StoredResult): CommandOutcome {
	if (result.ok) return { status: 200, body: result };
	return { status: STATUS_FOR[result.error] ?? 400, body: result };
}

export class CommandService {
	/** Commands being applied right now, by id: a resend while the first is in flight waits for it. */
	private readonly inFlight = new Map<string, Promise<CommandOutcome>>();
	readonly limiter = new RateLimiter(COMMAND_RATE);

	constructor(
		private readonly db: Db,
		private readonly registry: RoomRegistry,
		private readonly now: () => number = Date.now
	) {}

	async execute(gatheringId: string, actor: Actor, input: unknown): Promise<CommandOutcome> {
		const parsed = parseCommand(input);
		if (!parsed.ok) return outcome({ ok: false, error: parsed.error });
		const command = parsed.command;
		if (isFacilitatorCommand(command.type) !== (actor.kind === 'facilitator')) {
			return outcome({ ok: false, error: 'forbidden' });
		}
		const running = this.inFlight.get(command.id);
		if (running) return running;
		const work = this.run(gatheringId, actor, command).finally(() => this.inFlight.delete(command.id));
		this.inFlight.set(command.id, work);
		return work;
	}

	private async run(gatheringId: string, actor: Actor, command: CommandEnvelope): Promise<CommandOutcome> {
		const earlier = await findCommand(this.db, command.id);
		if (earlier) {
			// An id is one command: the same id from someone else, or for another board, is refused.
			if (earlier.gatheringId !== gatheringId || earlier.actorId !== actor.id || earlier.type !== command.type) {
				return outcome({ ok: false, error: 'duplicate_id' });
			}
			return outcome(earlier.result as StoredResult);
		}
		if (!this.limiter.take(`${gatheringId}:${actor.id}`)) return outcome({ ok: false, error: 'rate_limited' });

		const room = await this.registry.acquire(gatheringId);
		try {
			const origin: CommandOrigin = { kind: ORIGIN_KIND.command, actor, commandId: command.id, updates: [] };
			const result: StoredResult = applyCommand(room.doc, command, { actor, settings: room.settings, now: this.now() }, origin);
			const update = origin.updates.length === 0 ? null : origin.updates.length === 1 ? origin.updates[0] : Y.mergeUpdates(origin.updates);
			const phase = result.ok && command.type === 'setPhase' ? command.args.phase : null;
			await room.persist(update, { id: command.id, gatheringId, actorId: actor.id, type: command.type, result }, phase);
			return outcome(result);
		} finally {
			this.registry.release(room);
		}
	}
}
