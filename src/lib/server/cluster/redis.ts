/**
 * Connections to Redis. One client for commands (publish, rate limits, presence) and one in
 * subscriber mode, which Redis reserves for pub/sub.
 *
 * Failure policy: commands never wait for a Redis that is away (the offline queue is off, so
 * a command fails at once and the caller falls back); subscriptions do wait, and node-redis
 * renews them itself after a reconnect. Reconnecting backs off up to RECONNECT_MAX_MS and
 * never gives up: a node outlives a Redis restart.
 */
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../ops/log';

export const RECONNECT_MAX_MS = 2_000;
export const CONNECT_TIMEOUT_MS = 2_000;

export type RedisClients = { command: RedisClientType; subscriber: RedisClientType; close(): Promise<void> };

export function connectRedis(url: string, log: Logger, onReady: (which: 'command' | 'subscriber', again: boolean) => void): RedisClients {
	const make = (name: 'command' | 'subscriber', offlineQueue: boolean) => {
		const client = createClient({
			url,
			disableOfflineQueue: !offlineQueue,
			socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS) }
		}) as RedisClientType;
		let readyBefore = false;
		let down = false;
		client.on('ready', () => {
			if (down || !readyBefore) log.info(`Redis ${name} connection ready`, { again: readyBefore });
			onReady(name, readyBefore);
			readyBefore = true;
			down = false;
		});
		// Without an 'error' listener node-redis throws and the process dies with every room.
		client.on('error', (error: Error) => {
			if (!down) log.warn(`Redis ${name} connection lost`, { error });
			down = true;
		});
		// Not awaited: a node starts (and says it is not ready) while Redis is away.
		client.connect().catch((error: Error) => log.error(`Redis ${name} connection failed`, { error }));
		return client;
	};
	const command = make('command', false);
	const subscriber = make('subscriber', true);
	return {
		command,
		subscriber,
		close: async () => {
			await Promise.allSettled([command.close(), subscriber.close()]);
		}
	};
}

export function redisBuffer(data: Uint8Array): Buffer {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
