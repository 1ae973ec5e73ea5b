/**
 * Fixed-budget rate limiting with a refilling bucket per key. Per process for now: with
 * several nodes each one limits on its own, which multiplies the budget by the node count.
 */

export type RateLimitOptions = {
	/** Attempts allowed in a burst. */
	capacity: number;
	/** Time for an empty bucket to refill completely. */
	refillMs: number;
	/** Forget keys after this many entries, oldest first, so memory stays bounded. */
	maxKeys?: number;
};

const DEFAULT_MAX_KEYS = 50_000;

export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
	private readonly capacity: number;
	private readonly refillPerMs: number;
	private readonly maxKeys: number;

	constructor(options: RateLimitOptions) {
		this.capacity = options.capacity;
		this.refillPerMs = options.capacity / options.refillMs;
		this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
	}

	/** True while the key has budget left; does not consume. */
	allows(key: string, now = Date.now()): boolean {
		return this.tokens(key, now) >= 1;
	}

	/** Consumes one unit; returns false (and consumes nothing) when the budget is spent. */
	take(key: string, now = Date.now()): boolean {
		const tokens = this.tokens(key, now);
		if (tokens < 1) return false;
		this.buckets.delete(key);
		this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
		while (this.buckets.size > this.maxKeys) {
			const oldest = this.buckets.keys().next().value;
			if (oldest === undefined) break;
			this.buckets.delete(oldest);
		}
		return true;
	}

	/** Milliseconds until one unit is available again. */
	retryAfterMs(key: string, now = Date.now()): number {
		const missing = 1 - this.tokens(key, now);
		return missing <= 0 ? 0 : Math.ceil(missing / this.refillPerMs);
	}

	reset(key: string): void {
		this.buckets.delete(key);
	}

	private tokens(key: string, now: number): number {
		const bucket = this.buckets.get(key);
		if (!bucket) return this.capacity;
		const refilled = bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs;
		return Math.min(this.capacity, refilled);
	}
}

/**
 * The limits of this installation. Log-in counts failures only; the join limits are
 * generous per IP because a whole village hall often shares one Wi-Fi address, and strict
 * on unknown codes, which are what guessing looks like.
 */
export function createRateLimits() {
	const minute = 60_000;
	return {
		loginFailuresPerIp: new RateLimiter({ capacity: 20, refillMs: 15 * minute }),
		loginFailuresPerEmail: new RateLimiter({ capacity: 5, refillMs: 15 * minute }),
		joinsPerIp: new RateLimiter({ capacity: 120, refillMs: 10 * minute }),
		unknownCodesPerIp: new RateLimiter({ capacity: 10, refillMs: 5 * minute }),
		signupsPerIp: new RateLimiter({ capacity: 10, refillMs: 60 * minute })
	};
}

export type RateLimits = ReturnType<typeof createRateLimits>;
