/**
 * Pacing: a slow-down that holds under concurrency. Each attempt reserves the next free slot
 * of its key (one slot per `intervalMs`) and waits for it; an attempt whose slot would be more
 * than `maxWaitMs` away is refused at once, without reserving anything, and told when to come
 * back. So a key is served at most once per interval however many requests arrive together,
 * a quiet key is served at once, and nobody waits longer than `maxWaitMs`.
 *
 * Why pace rather than refuse: join-code guessing can only be held back before the code is
 * looked up — an answer that depends on whether the code exists is itself the guess's result.
 * Refusing everyone from an address would lock out a hall's newcomers with the right code;
 * pacing lets them through a few seconds later while a guesser gets one try per interval.
 *
 * `reserveSlot` is the rule as a pure function; cluster/throttle-redis.ts runs the same rule in
 * Redis so that a slot is reserved cluster-wide.
 */
import { DEFAULT_MAX_KEYS, setRecent } from './bounded-map';

export type PaceOptions = {
	/** One attempt per this many milliseconds, per key. */
	intervalMs: number;
	/** An attempt that would wait longer than this is refused instead. */
	maxWaitMs: number;
	/** Forget keys beyond this many, oldest first (in-process only). */
	maxKeys?: number;
};

export type Slot = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number };

/** `nextFreeAt`: the earliest time the key's next slot may start (undefined: no slot taken yet). */
export function reserveSlot(options: PaceOptions, nextFreeAt: number | undefined, now: number): { slot: Slot; nextFreeAt: number | undefined } {
	const start = Math.max(now, nextFreeAt ?? now);
	const waitMs = start - now;
	if (waitMs > options.maxWaitMs) return { slot: { ok: false, retryAfterMs: waitMs - options.maxWaitMs }, nextFreeAt };
	return { slot: { ok: true, waitMs }, nextFreeAt: start + options.intervalMs };
}

export interface Pacer {
	/** Reserves the key's next slot; the caller waits `waitMs` before going on. */
	reserve(key: string): Promise<Slot>;
}

export type PacerFactory = (name: string, options: PaceOptions) => Pacer;


/** Slots in this process: the single-node default, and the Redis version's fallback. */
export class MemoryPacer implements Pacer {
	private readonly next = new Map<string, number>();
	private readonly maxKeys: number;

	constructor(
		private readonly options: PaceOptions,
		private readonly clock: () => number = Date.now
	) {
		this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
	}

	async reserve(key: string): Promise<Slot> {
		const now = this.clock();
		const known = this.next.get(key);
		const { slot, nextFreeAt } = reserveSlot(this.options, known !== undefined && known > now ? known : undefined, now);
		if (slot.ok && nextFreeAt !== undefined) {
			setRecent(this.next, key, nextFreeAt, this.maxKeys);
		}
		return slot;
	}
}

/** Waits out a slot. */
export function sleep(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
