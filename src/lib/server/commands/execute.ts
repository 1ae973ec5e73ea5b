/**
 * validate → apply → persist → acknowledge. A command answers only after its update and its
 * ledger entry are committed together; the same command id sent again (a phone resending
 * from its outbox after a lost answer) gets the first answer back and changes nothing.
 */
import * as Y from 'yjs';
import { applyCommand } from '$lib/board/apply';
import type { CommandError } from '$lib/board/errors';
import { SUBJECT_COMMANDS, isFacilitatorCommand, parseCommand, type CommandEnvelope } from '$lib/board/commands';
import type { ApplyContext } from '$lib/board/result';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { addParticipant, findParticipant } from '../gatherings/participants';
import { ORIGIN_KIND } from '$lib/board/origins';
import type { Actor } from '$lib/board/types';
import type { Db } from '../db/client';
import { commandIdsOf, findCommand, type CommandRecord } from '../board/store';
import type { RoomRegistry } from '../realtime/registry';
import type { CommandOrigin, Room } from '../realtime/room';
import { MemoryLimiter, type Limiter } from '../auth/rate-limit';
import type { Applied, SerialisedCommits } from '../cluster/commits';
import type { Metrics } from '../ops/metrics';

/** Set when several nodes serve the boards: limits shared through Redis, commands serialised cluster-wide. */
export type CommandServiceOptions = { limiter?: Limiter; serialised?: SerialisedCommits; metrics?: Metrics };

export type CommandOutcome =
	| { status: 200; body: { ok: true; topicId?: string; participantId?: string } }
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
	no_hand: 409,
	unknown_participant: 409,
	name_taken: 409,
	name_lookalike: 409
};

type StoredResult = { ok: true; topicId?: string; participantId?: string } | { ok: false; error: CommandError };

function outcome(result: StoredResult): CommandOutcome {
	if (result.ok) return { status: 200, body: result };
	return { status: STATUS_FOR[result.error] ?? 400, body: result };
}

export class CommandService {
	/** Commands being applied right now, by gathering and id: a resend while the first is in flight waits for it. */
	private readonly inFlight = new Map<string, Promise<CommandOutcome>>();
	/** Per loaded board (one node only): every command id in its ledger. Goes with the room. */
	private readonly ledgers = new WeakMap<Room, { ids: Set<string>; loaded: Promise<void> }>();
	readonly limiter: Limiter;

	constructor(
		private readonly db: Db,
		private readonly registry: RoomRegistry,
		private readonly now: () => number = Date.now,
		private readonly options: CommandServiceOptions = {}
	) {
		this.limiter = options.limiter ?? new MemoryLimiter(COMMAND_RATE);
	}

	async execute(gatheringId: string, actor: Actor, input: unknown): Promise<CommandOutcome> {
		const parsed = parseCommand(input);
		if (!parsed.ok) return outcome({ ok: false, error: parsed.error });
		const command = parsed.command;
		if (isFacilitatorCommand(command.type) !== (actor.kind === 'facilitator')) {
			return outcome({ ok: false, error: 'forbidden' });
		}
		const key = `${gatheringId}:${command.id}`;
		const running = this.inFlight.get(key);
		if (running) return running;
		const started = performance.now();
		const work = this.run(gatheringId, actor, command).finally(() => this.inFlight.delete(key));
		this.inFlight.set(key, work);
		const metrics = this.options.metrics;
		if (metrics) {
			work.then(
				(o) => {
					metrics.commands.inc({ outcome: o.status === 200 ? 'ok' : 'refused' });
					metrics.commandSeconds.observe((performance.now() - started) / 1000);
				},
				() => metrics.commands.inc({ outcome: 'error' })
			);
		}
		return work;
	}

	/** The first answer to a command id, or a refusal when the id was used for something else. */
	private replay(earlier: CommandRecord, gatheringId: string, actor: Actor, command: CommandEnvelope): CommandOutcome {
		// An id is one command: the same id from someone else, or for another board, is refused.
		if (earlier.gatheringId !== gatheringId || earlier.actorId !== actor.id || earlier.type !== command.type) {
			return outcome({ ok: false, error: 'duplicate_id' });
		}
		return outcome(earlier.result as StoredResult);
	}

	private async run(gatheringId: string, actor: Actor, command: CommandEnvelope): Promise<CommandOutcome> {
		const room = await this.registry.acquire(gatheringId);
		try {
			const earlier = await this.earlierCommand(room, command.id);
			if (earlier) return this.replay(earlier, gatheringId, actor, command);
			if (!(await this.limiter.take(`${gatheringId}:${actor.id}`))) return outcome({ ok: false, error: 'rate_limited' });
			const subject = await this.subjectOf(gatheringId, command);
			if (subject && 'error' in subject) return outcome({ ok: false, error: subject.error });

			const apply = (): Applied<StoredResult> => {
				const origin: CommandOrigin = { kind: ORIGIN_KIND.command, actor, commandId: command.id, updates: [] };
				const ctx: ApplyContext = { actor, settings: room.settings, now: this.now(), ...(subject ? { subject } : {}) };
				const result: StoredResult = applyCommand(room.doc, command, ctx, origin);
				const update = origin.updates.length === 0 ? null : origin.updates.length === 1 ? origin.updates[0] : Y.mergeUpdates(origin.updates);
				const phase = result.ok && command.type === 'setPhase' ? command.args.phase : null;
				return { result, update, phase, record: { id: command.id, gatheringId, actorId: actor.id, type: command.type, result } };
			};
			if (this.options.serialised) {
				const done = await this.options.serialised.run(room, command.id, apply);
				return 'replay' in done ? this.replay(done.replay, gatheringId, actor, command) : outcome(done.applied.result);
			}
			const { result, update, phase, record } = apply();
			await room.persist(update, record, phase);
			// Added before this command leaves `inFlight`, so a resend always meets one of the two.
			this.ledgers.get(room)?.ids.add(command.id);
			return outcome(result);
		} finally {
			this.registry.release(room);
		}
	}

	/**
	 * The ledger entry of an id already used on this board, if any. With one node every
	 * command to a gathering passes through `run` here, so the ids of a loaded board are known
	 * in memory (read once, then added after each commit) and only a real resend costs a
	 * database read. With several nodes the others commit too: the database is asked every
	 * time, and again under the gathering's lock (cluster/commits.ts).
	 */
	private async earlierCommand(room: Room, commandId: string): Promise<CommandRecord | null> {
		if (this.options.serialised) return findCommand(this.db, room.gatheringId, commandId);
		let ledger = this.ledgers.get(room);
		if (!ledger) {
			// The set exists before the read returns, so an id committed meanwhile is not lost.
			const ids = new Set<string>();
			const loaded = commandIdsOf(this.db, room.gatheringId).then((list) => list.forEach((id) => ids.add(id)));
			ledger = { ids, loaded };
			this.ledgers.set(room, ledger);
			loaded.catch(() => this.ledgers.delete(room));
		}
		await ledger.loaded;
		return ledger.ids.has(commandId) ? findCommand(this.db, room.gatheringId, commandId) : null;
	}

	/**
	 * The participant a facilitator command is about, checked against the database so that a
	 * board never holds hands or turns of people who are not in the gathering. A person added
	 * for someone without a phone is created here, with an id derived from the command id:
	 * a resend after a lost answer finds the same person instead of failing on the name.
	 */
	private async subjectOf(gatheringId: string, command: CommandEnvelope): Promise<ApplyContext['subject'] | { error: CommandError } | undefined> {
		if (command.type === 'addProxyParticipant') {
			const id = encodeBase32LowerCaseNoPadding(sha256(new TextEncoder().encode(`proxy:${command.id}`)).slice(0, 16));
			const existing = await findParticipant(this.db, gatheringId, id);
			if (existing) return { id, name: existing.displayName };
			const added = await addParticipant(this.db, gatheringId, command.args.name, { id, proxy: true });
			return added.ok ? { id, name: added.participant.displayName } : { error: added.error };
		}
		if (!SUBJECT_COMMANDS.has(command.type)) return undefined;
		const participantId = (command.args as { participantId?: string }).participantId;
		if (participantId === undefined) return undefined;
		const participant = await findParticipant(this.db, gatheringId, participantId);
		return participant ? { id: participant.id, name: participant.displayName } : { error: 'unknown_participant' };
	}

	/**
	 * A person removed from the gathering leaves the board's live parts: their hand, their
	 * place in the queue, their name on the projector; presence is closed. Their past turns
	 * stay as counts under an id that no longer leads to a name.
	 */
	async forget(gatheringId: string, participantId: string): Promise<void> {
		const room = await this.registry.acquire(gatheringId);
		try {
			room.forget(participantId, this.now());
			await room.flushed();
		} finally {
			this.registry.release(room);
		}
		// The name is gone from the doc; the logged updates that carried it go too.
		await this.registry.compactNow(gatheringId);
	}

	/** Every name off a gathering's board, and out of its durable history. */
	async forgetEveryone(gatheringId: string): Promise<void> {
		const room = await this.registry.acquire(gatheringId);
		try {
			room.forgetEveryone();
			await room.flushed();
		} finally {
			this.registry.release(room);
		}
		await this.registry.compactNow(gatheringId);
	}

	/**
	 * Tells every screen that the after-session changed, without putting any of it on the
	 * board: personal lines and contact details stay in the database, and each phone fetches
	 * what it may see when this counter moves.
	 */
	async signalNazit(gatheringId: string): Promise<void> {
		const room = await this.registry.acquire(gatheringId);
		try {
			room.bumpCounter('nazitVersion');
			await room.flushed();
		} finally {
			this.registry.release(room);
		}
	}

	/** A renamed person who agreed to be named on the projector is named there by the new name. */
	async renamed(gatheringId: string, participantId: string, name: string): Promise<void> {
		const room = await this.registry.acquire(gatheringId);
		try {
			room.renamePublic(participantId, name);
			await room.flushed();
		} finally {
			this.registry.release(room);
		}
	}
}
