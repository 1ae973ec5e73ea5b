/**
 * Fixed-budget rate limiting with a refilling bucket per key. `RateLimiter` keeps the
 * buckets in this process; callers use the asynchronous `Limiter`, which with several nodes
 * is backed by Redis (cluster/rate-limit-redis.ts) so that switching node gains nothing.
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

/** What callers use: the same bucket rules, wherever the buckets live. */
export interface Limiter {
	/** True while the key has budget left; does not consume. */
	allows(key: string): Promise<boolean>;
	/** Consumes one unit; false (and nothing consumed) when the budget is spent. */
	take(key: string): Promise<boolean>;
	reset(key: string): Promise<void>;
}

/** A `Limiter` over buckets in this process: the single-node default. */
export class MemoryLimiter implements Limiter {
	readonly buckets: RateLimiter;
	constructor(options: RateLimitOptions) {
		this.buckets = new RateLimiter(options);
	}
	async allows(key: string) {
		return this.buckets.allows(key);
	}
	async take(key: string) {
		return this.buckets.take(key);
	}
	async reset(key: string) {
		this.buckets.reset(key);
	}
}

export type LimiterFactory = (name: string, options: RateLimitOptions) => Limiter;

/**
 * The limits of this installation. Log-in counts failures only; the join limits are
 * generous per IP because a whole village hall often shares one Wi-Fi address, and strict
 * on unknown codes, which are what guessing looks like.
 */
export function createRateLimits(make: LimiterFactory = (_name, options) => new MemoryLimiter(options)) {
	const minute = 60_000;
	return {
		loginFailuresPerIp: make('login-ip', { capacity: 20, refillMs: 15 * minute }),
		loginFailuresPerEmail: make('login-email', { capacity: 5, refillMs: 15 * minute }),
		joinsPerIp: make('join-ip', { capacity: 120, refillMs: 10 * minute }),
		unknownCodesPerIp: make('unknown-code-ip', { capacity: 10, refillMs: 5 * minute }),
		signupsPerIp: make('signup-ip', { capacity: 10, refillMs: 60 * minute })
	};
}

export type RateLimits = ReturnType<typeof createRateLimits>;
