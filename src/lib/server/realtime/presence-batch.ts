/**
 * Connects and disconnects of participants, written to the board as presence in batches.
 *
 * Each presence change is a change to the board that goes to every phone already there, so
 * a hall whose phones all reconnect at once (the Wi-Fi came back) cost N²/2 socket writes one
 * by one; batched, a few updates carry them all. Each change keeps its own time.
 *
 * Invariants the room relies on: while changes wait, the batch holds one pending write
 * (`hold` when the first change arrives, `release` when they are written), so the room is not
 * unloaded before they are; and anything that changes presence directly calls `flush` first,
 * so changes are written in the order they happened.
 */
export type PresenceChange = { id: string; connected: boolean; at: number };

/** How long connects and disconnects gather before they are written. */
export const PRESENCE_BATCH_MS = 250;

export type PresenceBatchOptions = {
	/** Writes the changes, oldest first, in one server change of the board. */
	write: (changes: PresenceChange[]) => void;
	hold: () => void;
	release: () => void;
	now: () => number;
	batchMs?: number;
};

export class PresenceBatch {
	private queue: PresenceChange[] = [];
	private timer: ReturnType<typeof setTimeout> | null = null;

	constructor(private readonly options: PresenceBatchOptions) {}

	add(id: string, connected: boolean): void {
		this.queue.push({ id, connected, at: this.options.now() });
		if (this.timer) return;
		this.options.hold();
		this.timer = setTimeout(() => this.flush(), this.options.batchMs ?? PRESENCE_BATCH_MS);
	}

	/** Writes what waits now. */
	flush(): void {
		if (!this.timer) return;
		clearTimeout(this.timer);
		this.timer = null;
		const changes = this.queue;
		this.queue = [];
		this.options.release();
		this.options.write(changes);
	}

	/** Drops what waits (the room is going away and writes nothing more). */
	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.queue = [];
	}
}
