/**
 * Command appliers: the rules of the board. `applyCommand` runs one command in one Yjs
 * transaction with a typed origin (see `origins.ts`), on the server only, through a table
 * with one applier per command type (topics-apply.ts, voices-apply.ts).
 *
 * Before any applier: in the closed phase nothing changes any more, and a command is applied
 * only for the role it belongs to (a participant's for a participant, a facilitator's for a
 * facilitator) — which is what lets each applier's context name the actor's kind by type.
 */
import type * as Y from 'yjs';
import { board, type Board } from './doc';
import type { CommandEnvelope, CommandOf, CommandType } from './commands';
import { sentByItsRole, type Appliers } from './applier';
import { getPhase } from './meta';
import { TOPIC_APPLIERS } from './topics-apply';
import { VOICES_APPLIERS } from './voices-apply';
import { OK, fail, type ApplyContext, type ApplyResult } from './result';

export type { ApplyContext, ApplyResult, BoardError } from './result';
export { dotsSpent } from './topics-apply';

/**
 * One applier for every command type: a type without one (or with one in both tables) does
 * not compile, so a forgotten command can never fall through to a refusal.
 */
export const APPLIERS: Appliers = { ...TOPIC_APPLIERS, ...VOICES_APPLIERS };
const _noTypeInBothTables: [keyof typeof TOPIC_APPLIERS & keyof typeof VOICES_APPLIERS] extends [never] ? true : never = true;

/** Applies one command in one transaction with `origin`; returns why not when refused. */
export function applyCommand(doc: Y.Doc, command: CommandEnvelope, ctx: ApplyContext, origin: unknown): ApplyResult {
	const b = board(doc);
	let result: ApplyResult = OK;
	doc.transact(() => {
		result = dispatch(b, command, ctx);
	}, origin);
	return result;
}

function dispatch<T extends CommandType>(b: Board, command: CommandOf<T>, ctx: ApplyContext): ApplyResult {
	if (getPhase(b) === 'closed') return fail('closed');
	if (!sentByItsRole(command.type, ctx)) return fail('forbidden');
	const applier = APPLIERS[command.type];
	return applier(b, command, ctx);
}
