import type { BoardError } from './apply';
import type { ParseError } from './commands';

/** Every reason a command can be refused, as sent to the phone (and translated there). */
export type CommandError = BoardError | ParseError | 'rate_limited' | 'duplicate_id';
