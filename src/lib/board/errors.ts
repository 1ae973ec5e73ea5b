import type { BoardError } from './apply';
import type { ParseError } from './commands';

/** Every reason a command can be refused, as sent to the phone (and translated there). */
export type CommandError =
	| BoardError
	| ParseError
	| 'rate_limited'
	| 'duplicate_id'
	| 'name_required'
	| 'name_invisible'
	| 'name_too_long'
	| 'name_invalid_characters'
	| 'name_taken'
	| 'name_lookalike';
