/**
 * The settings that matter when several nodes serve the same gatherings, and the operator's
 * endpoints. Read together with the rest of the configuration (env.ts).
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type ClusterConfig = {
	/** `redis://…`: fan-out between nodes and cluster-wide limits. Null: one node, nothing shared. */
	redisUrl: string | null;
	/** Prefix of every Redis key and channel, so several installations can share one Redis. */
	redisPrefix: string;
	/** This process's name in logs, metrics and bus messages; unique per running process. */
	nodeId: string;
	/** When set, GET /metrics needs `Authorization: Bearer <token>`. */
	metricsToken: string | null;
	logFormat: LogFormat;
};

export function readClusterConfig(env: Record<string, string | undefined>, databaseUrl: string | null): ClusterConfig | { error: string } {
	const redisUrl = env.REDIS_URL?.trim() || null;
	if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) return { error: 'REDIS_URL must start with redis:// or rediss://' };
	// The embedded database belongs to one process: nodes can only share a PostgreSQL server.
	if (redisUrl && !databaseUrl) return { error: 'REDIS_URL (several nodes) needs DATABASE_URL: nodes share a PostgreSQL server, not the embedded database' };
	const logFormat = (env.LOG_FORMAT?.trim() || 'text') as LogFormat;
	if (!LOG_FORMATS.includes(logFormat)) return { error: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` };
	const prefix = env.REDIS_PREFIX?.trim() || 'opentafel:';
	if (!/^[\w:.-]{1,64}$/.test(prefix)) return { error: 'REDIS_PREFIX may hold letters, digits and _ : . - (at most 64)' };
	// Random suffix: a restarted process must not be mistaken for the one before it.
	const nodeId = env.NODE_ID?.trim() || `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
	return { redisUrl, redisPrefix: prefix, nodeId, metricsToken: env.METRICS_TOKEN?.trim() || null, logFormat };
}
