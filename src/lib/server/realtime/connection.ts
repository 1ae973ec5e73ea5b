/** Who is on the other end of a realtime socket, as the upgrade decided it (upgrade.ts). */
import type { Actor } from '$lib/board/types';
import type { MessageKind } from '$lib/protocol/messages';
import type { RealtimeSocket } from './socket';

export type Identity = { actor: Actor; name: string; role: 'facilitator' | 'note-taker' | 'participant' };

export type Connection = {
	id: string;
	socket: RealtimeSocket;
	identity: Identity;
	canWrite: boolean;
	/** Awareness client ids this connection speaks for. */
	clientIds: Set<number>;
	/**
	 * Handling one of this connection's messages failed after the handler returned (an
	 * answer that waited for the database): the same boundary as a throw (server.ts).
	 */
	fail: (kind: MessageKind, error: unknown) => void;
	/** The same for time: work a message left for later held the event loop this long. */
	took: (kind: MessageKind, ms: number) => void;
};
