/**
 * Fixed-budget rate limiting with a refilling bucket per key. `RateLimiter` keeps the
 * buckets in this process; callers use the asynchronous `Limiter`, which with several nodes
 * is backed by Redis (cluster/rate-limit-redis.ts) so that switching node gains nothing.
 */
import { DEFAULT_MAX_KEYS, setRecent } from './bounded-map';

export type RateLimitOptions = {
	/** Attempts allowed in a burst. */
	capacity: number;
	/** Time for an empty bucket to refill completely. */
	refillMs: number;
	/** Forget keys after this many entries, oldest first, so memory stays bounded. */
	maxKeys?: number;
};


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
		setRecent(this.buckets, key, { tokens: tokens - 1, updatedAt: now }, this.maxKeys);
		return true;
	}

	/** Gives one unit back (up to capacity): what was taken for an attempt that turned out fine. */
	refund(key: string, now = Date.now()): void {
		if (!this.buckets.has(key)) return;
		this.buckets.set(key, { tokens: Math.min(this.capacity, this.tokens(key, now) + 1), updatedAt: now });
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
	/**
	 * Gives back a unit taken for an attempt that turned out not to count. Taking first and
	 * giving back later keeps the budget atomic under concurrent requests: checking first and
	 * taking later would let a burst through on the last unit.
	 */
	refund(key: string): Promise<void>;
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
	async refund(key: string) {
		this.buckets.refund(key);
	}
	async reset(key: string) {
		this.buckets.reset(key);
	}
}

export type LimiterFactory = (name: string, options: RateLimitOptions) => Limiter;
