/**
 * Several nodes on existing engines: PostgreSQL holds everything durable, Redis carries the
 * fan-out between nodes and the shared limits. Started by the runtime only when REDIS_URL is
 * set; without it nothing here runs and a node behaves exactly as a single server.
 */
import type { Db } from '../db/client';
import type { LimiterFactory } from '../auth/rate-limit';
import type { LimitBackends } from '../auth/limits';
import type { Logger } from '../ops/log';
import type { Metrics } from '../ops/metrics';
import { SerialisedCommits } from './commits';
import { ClusterPresence } from './presence';
import { RedisLimiter } from './rate-limit-redis';
import { RedisPacer, RedisThrottle } from './throttle-redis';
import { RedisBus } from './redis-bus';
import { connectRedis } from './redis';
import { Replicas } from './replicas';

export type Cluster = {
	replicas: Replicas;
	commits: SerialisedCommits;
	limiters: LimiterFactory;
	/** Every limit of the installation (auth/limits.ts), on state in Redis. */
	limits: LimitBackends;
	/** Resolves when Redis answers on the command connection and the subscriber connection is up. */
	ping(): Promise<void>;
	/** Both Redis connections are up, as far as the client knows (no round trip). */
	connected(): boolean;
	close(): Promise<void>;
};

export type ClusterOptions = {
	redisUrl: string;
	prefix: string;
	node: string;
	db: Db;
	metrics: Metrics;
	log: Logger;
	/** Closes a person's sockets on this node, when another node asks. */
	disconnectLocal: (gatheringId: string, actorId: string) => void;
};

export function startCluster(options: ClusterOptions): Cluster {
	const { redisUrl, prefix, node, db, metrics, log, disconnectLocal } = options;
	let bus: RedisBus | null = null;
	const redis = connectRedis(redisUrl, log, (_which, again) => {
		if (!again) return;
		// Whatever was published while this connection was away is lost for us: read the log.
		metrics.busReconnects.inc();
		bus?.reconnected();
	});
	bus = new RedisBus(redis, prefix, node);
	const presence = new ClusterPresence(redis.command, prefix, node, log);
	const replicas = new Replicas({ db, bus, node, metrics, log, presence, disconnectLocal });
	const limiters: LimiterFactory = (name, limit) => new RedisLimiter(redis.command, `${prefix}rate:${name}:`, limit, metrics);
	return {
		replicas,
		commits: new SerialisedCommits(db, replicas),
		limiters,
		limits: {
			limiter: limiters,
			throttle: (name, options) => new RedisThrottle(redis.command, `${prefix}throttle:${name}:`, options, metrics),
			pacer: (name, options) => new RedisPacer(redis.command, `${prefix}pace:${name}:`, options, metrics)
		},
		ping: async () => {
			// A subscriber that is away means missed fan-out even while commands to Redis succeed.
			if (!redis.subscriber.isReady) throw new Error('Redis subscriber connection is down');
			await bus.ping();
		},
		connected: () => redis.command.isReady && redis.subscriber.isReady,
		close: async () => {
			replicas.close();
			presence.close();
			await redis.close();
		}
	};
}
