/**
 * Log-in delays (auth/throttle.ts) and join-code pacing (auth/pace.ts) shared by every node.
 * Each rule is one Lua script run atomically with Redis's own clock (nodes' clocks may differ),
 * line for line the pure functions of those files, so one node or several behave the same.
 * As with the buckets (rate-limit-redis.ts), a node whose Redis does not answer falls back to
 * its own state: each node then holds the line on its own instead of refusing everyone.
 */
import type { RedisClientType } from 'redis';
import { MemoryThrottle, type Throttle, type ThrottleOptions } from '../auth/throttle';
import { MemoryPacer, type PaceOptions, type Pacer, type Slot } from '../auth/pace';
import type { Metrics } from '../ops/metrics';

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// The state as it stands now (auth/throttle.ts `current`): forgotten after ARGV[4] ms.
// ARGV: free failures, first delay, max delay, forget after, MAX_DOUBLINGS.
const THROTTLE_STATE = `${NOW}
local free = tonumber(ARGV[1])
local first = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local forget = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 'failures', 'at')
local failures = tonumber(b[1])
local at = tonumber(b[2])
if failures == nil or at == nil or now - at >= forget then failures = 0; at = nil end
`;

// Returns the milliseconds to wait (auth/throttle.ts `waitMs` with `delayAfterMs`).
const THROTTLE_WAIT = `${THROTTLE_STATE}
if at == nil or failures < free then return 0 end
local delay = math.min(cap, first * 2 ^ math.min(failures - free, tonumber(ARGV[5])))
return math.max(0, math.ceil(at + delay - now))
`;

// Records a failure (auth/throttle.ts `afterFailure`); the key expires when it would be forgotten.
const THROTTLE_FAIL = `${THROTTLE_STATE}
redis.call('HSET', KEYS[1], 'failures', tostring(failures + 1), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], forget)
return failures + 1
`;

// auth/pace.ts `reserveSlot`. ARGV: interval, max wait. Returns { 1, wait } or { 0, retry after }.
const PACE_RESERVE = `${NOW}
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]))
local start = now
if nextFree ~= nil and nextFree > now then start = nextFree end
local wait = start - now
if wait > maxWait then return { 0, wait - maxWait } end
redis.call('SET', KEYS[1], tostring(start + interval), 'PX', wait + interval)
return { 1, wait }
`;

/** Must equal the cap on doublings in auth/throttle.ts. */
const MAX_DOUBLINGS = '30';

export class RedisThrottle implements Throttle {
	private readonly local: MemoryThrottle;
	private readonly args: string[];

	constructor(
		private readonly redis: RedisClientType,
		private readonly prefix: string,
		options: ThrottleOptions,
		private readonly metrics: Metrics
	) {
		this.local = new MemoryThrottle(options);
		this.args = [options.freeFailures, options.firstDelayMs, options.maxDelayMs, options.forgetMs].map(String).concat(MAX_DOUBLINGS);
	}

	async waitMs(key: string): Promise<number> {
		const answer = await this.run(THROTTLE_WAIT, key);
		return answer === null ? this.fallback().waitMs(key) : Number(answer);
	}

	async fail(key: string): Promise<void> {
		// Also counted here: should Redis go away, this node still remembers what it saw.
		await this.local.fail(key);
		if ((await this.run(THROTTLE_FAIL, key)) === null) this.fallback();
	}

	async reset(key: string): Promise<void> {
		await this.local.reset(key);
		await this.redis.del(this.prefix + key).catch(() => {});
	}

	private async run(script: string, key: string): Promise<unknown> {
		if (!this.redis.isReady) return null;
		try {
			return await this.redis.eval(script, { keys: [this.prefix + key], arguments: this.args });
		} catch {
			return null;
		}
	}

	private fallback(): MemoryThrottle {
		this.metrics.rateLimitFallbacks.inc();
		return this.local;
	}
}

export class RedisPacer implements Pacer {
	private readonly local: MemoryPacer;
	private readonly args: string[];

	constructor(
		private readonly redis: RedisClientType,
		private readonly prefix: string,
		options: PaceOptions,
		private readonly metrics: Metrics
	) {
		this.local = new MemoryPacer(options);
		this.args = [String(options.intervalMs), String(options.maxWaitMs)];
	}

	async reserve(key: string): Promise<Slot> {
		if (this.redis.isReady) {
			try {
				const [ok, ms] = (await this.redis.eval(PACE_RESERVE, { keys: [this.prefix + key], arguments: this.args })) as [number, number];
				return Number(ok) === 1 ? { ok: true, waitMs: Number(ms) } : { ok: false, retryAfterMs: Number(ms) };
			} catch {
				// fall through to this node's own slots
			}
		}
		this.metrics.rateLimitFallbacks.inc();
		return this.local.reserve(key);
	}
}
