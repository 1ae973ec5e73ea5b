/**
 * Every transaction on a board carries a typed origin, so persistence, broadcasting and
 * metrics know where a change came from without guessing.
 */
import type { Actor } from './types';

export const ORIGIN_KIND = {
	command: 'command',
	facilitatorEdit: 'facilitator-edit',
	load: 'load',
	remoteNode: 'remote-node',
	migration: 'migration',
	/** The server's own bookkeeping: presence from connections, forgetting a removed person. */
	server: 'server'
} as const;

export type Origin =
	| { kind: typeof ORIGIN_KIND.command; actor: Actor; commandId: string }
	| { kind: typeof ORIGIN_KIND.facilitatorEdit; actor: Actor; connectionId: string }
	| { kind: typeof ORIGIN_KIND.load }
	| { kind: typeof ORIGIN_KIND.remoteNode }
	| { kind: typeof ORIGIN_KIND.migration }
	| { kind: typeof ORIGIN_KIND.server };

export function isOrigin(value: unknown): value is Origin {
	return typeof value === 'object' && value !== null && 'kind' in value;
}
