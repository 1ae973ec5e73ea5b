import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('rate limiter', () => {
	it('allows a burst up to capacity, then refuses', () => {
		const limiter = new RateLimiter({ capacity: 3, refillMs: 3000 });
		const now = 1_000_000;
		expect([1, 2, 3, 4].map(() => limiter.take('ip', now))).toEqual([true, true, true, false]);
		expect(limiter.allows('ip', now)).toBe(false);
		expect(limiter.allows('other', now)).toBe(true);
	});

	it('refills over time and says when to retry', () => {
		const limiter = new RateLimiter({ capacity: 2, refillMs: 2000 });
		const now = 5_000;
		limiter.take('k', now);
		limiter.take('k', now);
		expect(limiter.retryAfterMs('k', now)).toBe(1000);
		expect(limiter.take('k', now + 999)).toBe(false);
		expect(limiter.take('k', now + 2000)).toBe(true);
	});

	it('forgets the oldest keys beyond its bound', () => {
		const limiter = new RateLimiter({ capacity: 1, refillMs: 60_000, maxKeys: 2 });
		limiter.take('a', 0);
		limiter.take('b', 0);
		limiter.take('c', 0);
		expect(limiter.allows('a', 0)).toBe(true);
		expect(limiter.allows('c', 0)).toBe(false);
	});

	it('can be reset for a key', () => {
		const limiter = new RateLimiter({ capacity: 1, refillMs: 60_000 });
		limiter.take('k', 0);
		limiter.reset('k');
		expect(limiter.allows('k', 0)).toBe(true);
	});

	it('gives a unit back, never beyond capacity', () => {
		const limiter = new RateLimiter({ capacity: 2, refillMs: 60_000 });
		limiter.take('k', 0);
		limiter.take('k', 0);
		expect(limiter.allows('k', 0)).toBe(false);
		limiter.refund('k', 0);
		expect(limiter.take('k', 0)).toBe(true);
		limiter.refund('k', 0);
		limiter.refund('k', 0);
		limiter.refund('k', 0);
		expect([1, 2, 3].map(() => limiter.take('k', 0))).toEqual([true, true, false]);
	});
});
