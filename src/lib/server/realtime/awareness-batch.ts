/**
 * Presence changes (awareness) passed on in batches.
 *
 * Every client renews its presence every 15 s, and phones that joined together renew
 * together: sent one by one, 600 renewals to 600 phones are 360,000 messages within a second
 * or two, which stalled commands for seconds. Batched, each screen gets a few messages
 * carrying everyone's state; the bytes are the same, the per-message cost is gone. Nothing
 * is dropped: a batch names every client id that changed since the last one, and the sender
 * encodes each one's current state (or its removal) at flush time.
 *
 * Changes that came from another node are shown to this node's screens and never sent back
 * to the nodes (`toNodes` leaves them out), or nodes would echo each other forever.
 */

/** How long presence changes gather before they are passed on. */
export const AWARENESS_BATCH_MS = 250;

export type AwarenessBatchOptions = {
	/** Client ids whose state changed: to this node's screens, and (without other nodes' ids) to other nodes. */
	send: (toClients: number[], toNodes: number[]) => void;
	batchMs?: number;
};

export class AwarenessBatch {
	private readonly toClients = new Set<number>();
	private readonly toNodes = new Set<number>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private closed = false;

	constructor(private readonly options: AwarenessBatchOptions) {}

	note(ids: Iterable<number>, fromOtherNode: boolean): void {
		for (const id of ids) {
			this.toClients.add(id);
			if (!fromOtherNode) this.toNodes.add(id);
		}
		if (this.toClients.size && !this.timer && !this.closed) {
			this.timer = setTimeout(() => this.flush(), this.options.batchMs ?? AWARENESS_BATCH_MS);
		}
	}

	private flush(): void {
		this.timer = null;
		const [toClients, toNodes] = [[...this.toClients], [...this.toNodes]];
		this.toClients.clear();
		this.toNodes.clear();
		if (this.closed || (!toClients.length && !toNodes.length)) return;
		this.options.send(toClients, toNodes);
	}

	/**
	 * Sends what waits, then stops: other nodes learn at once who left this room instead of
	 * waiting for their presence to time out (30 s).
	 */
	close(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.flush();
		}
		this.closed = true;
	}
}
