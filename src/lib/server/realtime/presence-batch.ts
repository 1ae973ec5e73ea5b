/**
 * Connects and disconnects of participants, written to the board as presence in batches.
 *
 * Each presence change is a change to the board that goes to every phone already there, so
 * a hall whose phones all reconnect at once (the Wi-Fi came back) cost N²/2 socket writes one
 * by one; batched, a few updates carry them all. Each change keeps its own time.
 *
 * A disconnect is held for a short grace before it is written: when the venue's Wi-Fi drops
 * for a second, every phone disconnects and reconnects, and a reconnect within the grace
 * cancels the held disconnect, so the storm writes and broadcasts no presence at all. That is
 * exactly what writing both would have left on the board: an interval closed and reopened
 * within the presence gap is reopened with its old start (board/presence.ts), and the grace is
 * far shorter than that gap.
 *
 * The room writes everything that waits as soon as its last socket closes: nothing is gained
 * by holding disconnects in a room nobody watches, and it may then unload.
 *
 * Invariants the room relies on: while anything waits, the batch holds one pending write
 * (`hold` when the first change arrives, `release` when nothing waits any more), so the room
 * is not unloaded before it is written; and anything that changes presence directly calls
 * `flush` first, which writes everything that waits — held disconnects included — so changes
 * reach the board in the order they happened.
 */
export type PresenceChange = { id: string; connected: boolean; at: number };

/** How long connects and disconnects gather before they are written, in a room of up to this many sockets. */
export const PRESENCE_BATCH_MS = 250;
/** The longest they gather, in a full hall. */
export const MAX_PRESENCE_BATCH_MS = 1_000;
/**
 * How long a disconnect waits for the same person's reconnect before it is written. Must stay
 * below the presence gap (voices/time.ts), or cancelling would differ from writing both.
 */
export const DISCONNECT_GRACE_MS = 2_000;

/**
 * Every batch goes to every socket of the room, so a hall of N phones reconnecting together
 * costs N sends per batch: a fuller room gathers longer (1 ms per socket, between the two
 * bounds), which keeps the sends per connect flat while presence on the console lags at most
 * a second.
 */
export function presenceBatchMs(sockets: number): number {
	return Math.min(MAX_PRESENCE_BATCH_MS, Math.max(PRESENCE_BATCH_MS, sockets));
}

export type PresenceBatchOptions = {
	/** Writes the changes, oldest first, in one server change of the board. */
	write: (changes: PresenceChange[]) => void;
	hold: () => void;
	release: () => void;
	now: () => number;
	/** How long the batch that starts now gathers. */
	batchMs?: () => number;
	graceMs?: number;
};

export class PresenceBatch {
	private connects: PresenceChange[] = [];
	/** Disconnects not written yet, by person: written once their grace is over. */
	private readonly disconnects = new Map<string, number>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private holding = false;

	constructor(private readonly options: PresenceBatchOptions) {}

	add(id: string, connected: boolean): void {
		const at = this.options.now();
		if (connected && this.disconnects.delete(id)) {
			// Back within the grace: their interval on the board is still open.
			this.settle();
			return;
		}
		if (connected) this.connects.push({ id, connected, at });
		else this.disconnects.set(id, at);
		if (!this.holding) {
			this.holding = true;
			this.options.hold();
		}
		if (!this.timer) this.timer = setTimeout(() => this.writeDue(), this.options.batchMs?.() ?? PRESENCE_BATCH_MS);
	}

	/** Writes everything that waits now, held disconnects included. */
	flush(): void {
		this.write(Infinity);
	}

	/** Drops what waits (the room is going away and writes nothing more). */
	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.connects = [];
		this.disconnects.clear();
	}

	private writeDue() {
		this.timer = null;
		this.write(this.options.now() - (this.options.graceMs ?? DISCONNECT_GRACE_MS));
		// Disconnects still in their grace: look again when the oldest is due.
		const oldest = Math.min(...this.disconnects.values());
		if (Number.isFinite(oldest)) {
			const due = oldest + (this.options.graceMs ?? DISCONNECT_GRACE_MS) - this.options.now();
			this.timer = setTimeout(() => this.writeDue(), Math.max(0, due));
		}
	}

	/** Writes the connects and the disconnects made at or before `until`. */
	private write(until: number) {
		const changes = this.connects;
		this.connects = [];
		for (const [id, at] of this.disconnects) {
			if (at > until) continue;
			changes.push({ id, connected: false, at });
			this.disconnects.delete(id);
		}
		this.settle();
		if (changes.length) this.options.write(changes.sort((a, b) => a.at - b.at));
	}

	/** Once nothing waits: no timer, and the pending write is released. */
	private settle() {
		if (!this.holding || this.connects.length || this.disconnects.size) return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.holding = false;
		this.options.release();
	}
}
