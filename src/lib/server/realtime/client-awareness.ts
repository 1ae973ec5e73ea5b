/**
 * Presence is the server's word. A client says only which screen it is (awareness-input.ts);
 * `user` is stamped from its session; and it may speak only for awareness client ids no other
 * connection has claimed, a few per connection. The stock client echoes every state it has
 * received, so entries for ids it does not own are skipped without being parsed.
 */
import { applyAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { encodeAwarenessUpdate } from './frames';
import { MAX_AWARENESS_IDS_PER_CONNECTION, readClientAwareness } from './awareness-input';
import type { Connection } from './connection';

export class AwarenessOwners {
	/** Which connection speaks for each awareness client id (an id is never shared). */
	private readonly owners = new Map<number, Connection>();

	constructor(private readonly awareness: Awareness) {}

	/** Applies what `connection` may say of `update`, with its origin set to the connection. */
	accept(connection: Connection, update: Uint8Array): void {
		const entries = readClientAwareness(update, (clientId, removal) => {
			const owner = this.owners.get(clientId);
			if (owner) return owner === connection;
			// A state held without a local owner came from another node: an echo, not this client's.
			if (this.awareness.getStates().has(clientId)) return false;
			// Echoes of states that are gone, and ids beyond a connection's few, change nothing.
			if (removal || connection.clientIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false;
			connection.clientIds.add(clientId);
			this.owners.set(clientId, connection);
			return true;
		});
		const { actor, name, role } = connection.identity;
		const stamped = entries.map((e) => ({ ...e, state: e.state === null ? null : { ...e.state, user: { id: actor.id, name, role } } }));
		if (stamped.length) applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(stamped), connection);
	}

	/** The connection's ids are free again (it closed); removing their states is the room's. */
	release(connection: Connection): void {
		for (const id of connection.clientIds) this.owners.delete(id);
	}
}
