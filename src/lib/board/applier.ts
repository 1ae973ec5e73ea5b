/**
 * The shape of the command tables. Each command type has one applier, and the applier's
 * context says who sent it: a participant's command sees a participant, a facilitator's a
 * facilitator, so no applier casts the actor. `Appliers` has a key for every command type:
 * a table missing one is a compile error (see apply.ts).
 */
import type { Board } from './doc';
import type { CommandOf, CommandType, ParticipantCommandType } from './commands';
import type { ApplyContext, ApplyResult } from './result';
import type { Actor } from './types';
import { isParticipantCommand } from './commands';

export type ParticipantActor = Extract<Actor, { kind: 'participant' }>;
export type FacilitatorActor = Extract<Actor, { kind: 'facilitator' }>;

export type ActorOf<T extends CommandType> = T extends ParticipantCommandType ? ParticipantActor : FacilitatorActor;
export type ContextOf<T extends CommandType> = Omit<ApplyContext, 'actor'> & { actor: ActorOf<T> };

export type Applier<T extends CommandType> = (b: Board, command: CommandOf<T>, ctx: ContextOf<T>) => ApplyResult;
export type Appliers = { [T in CommandType]: Applier<T> };

/** Whether the sender has the role the command type belongs to. */
export function sentByItsRole<T extends CommandType>(type: T, ctx: ApplyContext): ctx is ContextOf<T> {
	return ctx.actor.kind === (isParticipantCommand(type) ? 'participant' : 'facilitator');
}
