/**
 * What one socket may cost. Every limit here falls on a connection (or on one person's
 * connections), never on an address: a hall's phones share one address, and one abuser among
 * them must not cost the others anything.
 *
 * A socket has two budgets that refill continuously: messages and bytes. Each message costs
 * one unit of the first and its length of the second; a socket that runs either dry is closed
 * (4429). Work per message is proportional to its bytes (see write-check.ts and
 * awareness-input.ts), so the byte budget bounds the CPU one socket can take.
 *
 * Honest traffic for scale: a phone sends a sync step 1, a step 2 and an awareness state when
 * it connects, then renews its awareness every 15 s. The facilitator's console sends an update
 * per keystroke in the notes.
 */

export type SocketBudget = { messages: number; messagesPerSecond: number; bytes: number; bytesPerSecond: number };

/** Read-only connections: phones and the projector. */
export const READER_BUDGET: SocketBudget = { messages: 40, messagesPerSecond: 4, bytes: 2 * 1024 * 1024, bytesPerSecond: 128 * 1024 };
/** Write connections: the facilitator and note-takers typing in the notes. */
export const WRITER_BUDGET: SocketBudget = { messages: 400, messagesPerSecond: 20, bytes: 4 * 1024 * 1024, bytesPerSecond: 1024 * 1024 };

/**
 * Sockets one person may hold on one gathering. A phone on bad Wi-Fi may reconnect while its
 * old socket still looks open, so the oldest is closed to make room rather than the new one
 * refused: an honest phone is never locked out, and a session still cannot multiply its budget.
 */
export const MAX_SOCKETS_PER_PERSON = 8;

/** Sync step 1 makes the server encode the whole board: at most this many per socket per minute. */
export const MAX_SYNC_REQUESTS_PER_MINUTE = 6;

export class SocketAllowance {
	private messages: number;
	private bytes: number;
	private syncRequests: number[] = [];
	private updatedAt: number;

	constructor(
		private readonly budget: SocketBudget,
		private readonly now: () => number = Date.now
	) {
		this.messages = budget.messages;
		this.bytes = budget.bytes;
		this.updatedAt = now();
	}

	/** Takes one message of `length` bytes; false when the socket is over its budget. */
	take(length: number): boolean {
		const now = this.now();
		const seconds = Math.max(0, now - this.updatedAt) / 1000;
		this.updatedAt = now;
		this.messages = Math.min(this.budget.messages, this.messages + seconds * this.budget.messagesPerSecond);
		this.bytes = Math.min(this.budget.bytes, this.bytes + seconds * this.budget.bytesPerSecond);
		if (this.messages < 1 || this.bytes < length) return false;
		this.messages -= 1;
		this.bytes -= length;
		return true;
	}

	/** Counts a sync step 1; false when there were too many in the last minute. */
	takeSyncRequest(): boolean {
		const now = this.now();
		this.syncRequests = this.syncRequests.filter((at) => now - at < 60_000);
		if (this.syncRequests.length >= MAX_SYNC_REQUESTS_PER_MINUTE) return false;
		this.syncRequests.push(now);
		return true;
	}
}
