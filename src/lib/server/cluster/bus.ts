/**
 * The bus carries a gathering's changes between the nodes that hold it. It is a fast path,
 * not a source of truth: every update it carries is committed to PostgreSQL first, names its
 * place in the durable log (`id`, and `prevId`, the gathering's previous id), and a node that
 * misses one — pub/sub drops messages when a subscriber lags or Redis restarts — notices the
 * hole at the next message or the next periodic check and reads the log (see replicas.ts).
 * Awareness (who is looking at the board) is not durable; clients renew it every 15 s, and
 * what a lost message took away comes back with the next renewal.
 *
 * Wire format (binary, version 1): varuint version, varuint kind, node id, gathering id,
 * float64 sent-at (ms since epoch), then for updates prevId and id, then the payload.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const BUS_VERSION = 1;
const KIND = { update: 0, awareness: 1, disconnect: 2 } as const;

type Common = { node: string; gatheringId: string; sentAt: number };
export type BusMessage =
	| (Common & { kind: 'update'; prevId: number; id: number; update: Uint8Array })
	| (Common & { kind: 'awareness'; update: Uint8Array })
	/** A person's rights in the gathering changed: every node closes their sockets. */
	| (Common & { kind: 'disconnect'; actorId: string });

export type BusListener = (message: BusMessage) => void;

export interface Bus {
	/** Sends to every other node subscribed to the gathering. Rejects when the bus is down. */
	publish(message: BusMessage): Promise<void>;
	/** Resolves once messages for the gathering are being received. */
	subscribe(gatheringId: string): Promise<void>;
	unsubscribe(gatheringId: string): void;
	/** The one receiver of this node; messages this node sent itself are not passed on. */
	onMessage(listener: BusListener): void;
	/** Called after a lost connection came back: whatever was published meanwhile is gone. */
	onReconnect(listener: () => void): void;
	ping(): Promise<void>;
	close(): Promise<void>;
}

export function encodeBusMessage(m: BusMessage): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, BUS_VERSION);
	encoding.writeVarUint(e, KIND[m.kind]);
	encoding.writeVarString(e, m.node);
	encoding.writeVarString(e, m.gatheringId);
	encoding.writeFloat64(e, m.sentAt);
	if (m.kind === 'disconnect') {
		encoding.writeVarString(e, m.actorId);
		return encoding.toUint8Array(e);
	}
	if (m.kind === 'update') {
		encoding.writeVarUint(e, m.prevId);
		encoding.writeVarUint(e, m.id);
	}
	encoding.writeVarUint8Array(e, m.update);
	return encoding.toUint8Array(e);
}

/** Null for a message this version does not understand (a newer node during a rolling upgrade). */
export function decodeBusMessage(data: Uint8Array): BusMessage | null {
	try {
		const d = decoding.createDecoder(data);
		if (decoding.readVarUint(d) !== BUS_VERSION) return null;
		const kind = decoding.readVarUint(d);
		const common = { node: decoding.readVarString(d), gatheringId: decoding.readVarString(d), sentAt: decoding.readFloat64(d) };
		if (kind === KIND.update) {
			const prevId = decoding.readVarUint(d);
			const id = decoding.readVarUint(d);
			return { ...common, kind: 'update', prevId, id, update: decoding.readVarUint8Array(d) };
		}
		if (kind === KIND.awareness) return { ...common, kind: 'awareness', update: decoding.readVarUint8Array(d) };
		if (kind === KIND.disconnect) return { ...common, kind: 'disconnect', actorId: decoding.readVarString(d) };
		return null;
	} catch {
		return null;
	}
}

/**
 * Nodes in one process talking through a shared hub: the bus of the tests, and a model of
 * what Redis does (including losing messages, with `drop`).
 */
export class MemoryHub {
	readonly buses = new Set<MemoryBus>();
	/** Return true to lose a message on its way to `to`. */
	drop: (message: BusMessage, to: MemoryBus) => boolean = () => false;
}

export class MemoryBus implements Bus {
	private readonly gatherings = new Set<string>();
	private listener: BusListener = () => {};
	private reconnectListeners: (() => void)[] = [];

	constructor(
		private readonly hub: MemoryHub,
		private readonly node: string
	) {
		hub.buses.add(this);
	}

	async publish(message: BusMessage): Promise<void> {
		const bytes = encodeBusMessage(message);
		for (const bus of this.hub.buses) {
			if (bus === this || !bus.gatherings.has(message.gatheringId) || this.hub.drop(message, bus)) continue;
			const copy = decodeBusMessage(bytes)!;
			queueMicrotask(() => bus.deliver(copy));
		}
	}

	private deliver(message: BusMessage) {
		if (message.node !== this.node && this.gatherings.has(message.gatheringId)) this.listener(message);
	}

	async subscribe(gatheringId: string): Promise<void> {
		this.gatherings.add(gatheringId);
	}

	unsubscribe(gatheringId: string): void {
		this.gatherings.delete(gatheringId);
	}

	onMessage(listener: BusListener): void {
		this.listener = listener;
	}

	onReconnect(listener: () => void): void {
		this.reconnectListeners.push(listener);
	}

	/** Tests: as if the connection to the hub was lost and came back. */
	reconnected(): void {
		for (const l of this.reconnectListeners) l();
	}

	async ping(): Promise<void> {}

	async close(): Promise<void> {
		this.hub.buses.delete(this);
	}
}
