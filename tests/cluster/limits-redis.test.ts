/**
 * The log-in delays and the join-code pacing in Redis (cluster/throttle-redis.ts) answer as the
 * in-process rules do (auth/throttle.ts, auth/pace.ts), so one node or several behave the same;
 * and with Redis gone a node carries on with what it saw itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RedisClientType } from 'redis';
import { MemoryThrottle, type ThrottleOptions } from '../../src/lib/server/auth/throttle';
import { MemoryPacer, type PaceOptions } from '../../src/lib/server/auth/pace';
import { RedisPacer, RedisThrottle } from '../../src/lib/server/cluster/throttle-redis';
import { RedisLimiter } from '../../src/lib/server/cluster/rate-limit-redis';
import { MemoryLimiter } from '../../src/lib/server/auth/rate-limit';
import { Metrics } from '../../src/lib/server/ops/metrics';
import { startRedis, type TestRedis } from './helpers/processes';

/** Both sides read their own clock (Redis's TIME, Date.now): allow for the time between the calls. */
const CLOCK_SLACK_MS = 60;

let redis: TestRedis;
let client: RedisClientType;
beforeAll(async () => {
	redis = await startRedis();
	client = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 100 } }) as RedisClientType;
	client.on('error', () => {});
	await client.connect();
});
afterAll(async () => {
	// Redis was stopped by the last test: quit() would wait for a reconnect that never comes.
	client?.destroy();
	await redis?.stop();
});

describe('limits in Redis', () => {
	it('delay log-ins exactly as the in-process throttle does', async () => {
		const options: ThrottleOptions = { freeFailures: 2, firstDelayMs: 2_000, maxDelayMs: 5_000, forgetMs: 60_000 };
		const inRedis = new RedisThrottle(client, 'test:throttle:', options, new Metrics());
		const inProcess = new MemoryThrottle(options);
		const waits: [number, number][] = [];
		for (let i = 0; i < 5; i++) {
			await Promise.all([inRedis.fail('k'), inProcess.fail('k')]);
			waits.push([await inRedis.waitMs('k'), await inProcess.waitMs('k')]);
		}
		for (const [r, p] of waits) expect(Math.abs(r - p)).toBeLessThanOrEqual(CLOCK_SLACK_MS);
		expect(waits.map(([, p]) => Math.round(p / 1_000))).toEqual([0, 2, 4, 5, 5]);
		expect(await inRedis.waitMs('other')).toBe(0);
		await inRedis.reset('k');
		expect(await inRedis.waitMs('k')).toBe(0);
		// The key goes when it would be forgotten anyway.
		await inRedis.fail('k');
		expect(await client.pTTL('test:throttle:k')).toBeLessThanOrEqual(60_000);
	});

	it('pace a burst exactly as the in-process pacer does', async () => {
		const options: PaceOptions = { intervalMs: 1_000, maxWaitMs: 2_500 };
		const inRedis = new RedisPacer(client, 'test:pace:', options, new Metrics());
		const inProcess = new MemoryPacer(options);
		const [r, p] = await Promise.all([
			Promise.all(Array.from({ length: 5 }, () => inRedis.reserve('hall'))),
			Promise.all(Array.from({ length: 5 }, () => inProcess.reserve('hall')))
		]);
		expect(r.map((s) => s.ok)).toEqual([true, true, true, false, false]);
		expect(p.map((s) => s.ok)).toEqual(r.map((s) => s.ok));
		const ms = (s: (typeof r)[number]) => (s.ok ? s.waitMs : s.retryAfterMs);
		for (let i = 0; i < 5; i++) expect(Math.abs(ms(r[i]) - ms(p[i]))).toBeLessThanOrEqual(CLOCK_SLACK_MS);
	});

	it('give a bucket’s unit back as the in-process bucket does', async () => {
		const options = { capacity: 2, refillMs: 600_000 };
		const inRedis = new RedisLimiter(client, 'test:rate:', options, new Metrics());
		const inProcess = new MemoryLimiter(options);
		const run = async (l: MemoryLimiter | RedisLimiter) => {
			const seen = [await l.take('k'), await l.take('k'), await l.take('k')];
			await l.refund('k');
			await l.refund('k');
			await l.refund('k');
			await l.refund('fresh');
			seen.push(await l.take('k'), await l.take('k'), await l.take('k'), await l.allows('fresh'));
			return seen;
		};
		const expected = [true, true, false, true, true, false, true];
		expect(await run(inProcess)).toEqual(expected);
		expect(await run(inRedis)).toEqual(expected);
	});

	it('carry on with this node’s own count while Redis is away', async () => {
		const options: ThrottleOptions = { freeFailures: 1, firstDelayMs: 10_000, maxDelayMs: 10_000, forgetMs: 60_000 };
		const metrics = new Metrics();
		const inRedis = new RedisThrottle(client, 'test:throttle:', options, metrics);
		await inRedis.fail('away');
		await redis.stop();
		expect(await inRedis.waitMs('away')).toBeGreaterThan(9_000);
		const pacer = new RedisPacer(client, 'test:pace:', { intervalMs: 1_000, maxWaitMs: 0 }, metrics);
		expect((await pacer.reserve('away')).ok).toBe(true);
		expect((await pacer.reserve('away')).ok).toBe(false);
	});
});
