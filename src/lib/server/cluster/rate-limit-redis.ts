/**
 * Rate limits shared by every node: the bucket lives in Redis and is read and changed by one
 * Lua script, atomically, with Redis's own clock (nodes' clocks may differ). A participant
 * who switches node meets the same bucket.
 *
 * When Redis does not answer, the check falls back to a bucket in this process instead of
 * refusing everyone (or letting everyone through): during a Redis restart each node still
 * holds the line on its own, which is the single-node guarantee.
 */
import type { RedisClientType } from 'redis';
import { MemoryLimiter, type Limiter, type RateLimitOptions } from '../auth/rate-limit';
import type { Metrics } from '../ops/metrics';

// KEYS[1] bucket; ARGV capacity, refill per ms, take (1), only look (0) or give one back (-1).
// Returns 1 when allowed. The refund matches RateLimiter.refund: a bucket that is not there is full.
const SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local take = ARGV[3] == '1'
local refund = ARGV[3] == '-1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
if refund then
  if b[1] then
    redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(cap, tokens + 1)), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate))
  end
  return 1
end
if tokens < 1 then return 0 end
if take then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate))
end
return 1
`;

type Mode = 'look' | 'take' | 'refund';
const MODE_ARG: Record<Mode, string> = { look: '0', take: '1', refund: '-1' };

export class RedisLimiter implements Limiter {
	private readonly local: MemoryLimiter;
	private readonly perMs: string;

	constructor(
		private readonly redis: RedisClientType,
		private readonly prefix: string,
		private readonly options: RateLimitOptions,
		private readonly metrics: Metrics
	) {
		this.local = new MemoryLimiter(options);
		this.perMs = String(options.capacity / options.refillMs);
	}

	allows(key: string): Promise<boolean> {
		return this.check(key, 'look');
	}

	take(key: string): Promise<boolean> {
		return this.check(key, 'take');
	}

	async refund(key: string): Promise<void> {
		await this.check(key, 'refund');
	}

	async reset(key: string): Promise<void> {
		await this.local.reset(key);
		await this.redis.del(this.prefix + key).catch(() => {});
	}

	private async check(key: string, mode: Mode): Promise<boolean> {
		if (!this.redis.isReady) return this.fallback(key, mode);
		try {
			const answer = await this.redis.eval(SCRIPT, { keys: [this.prefix + key], arguments: [String(this.options.capacity), this.perMs, MODE_ARG[mode]] });
			return Number(answer) === 1;
		} catch {
			return this.fallback(key, mode);
		}
	}

	private async fallback(key: string, mode: Mode): Promise<boolean> {
		this.metrics.rateLimitFallbacks.inc();
		if (mode === 'refund') {
			await this.local.refund(key);
			return true;
		}
		return mode === 'take' ? this.local.take(key) : this.local.allows(key);
	}
}
