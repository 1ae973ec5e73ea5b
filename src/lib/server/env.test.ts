import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, readConfig } from './env';

describe('configuration', () => {
	it('defaults to the embedded database under ./data', () => {
		const config = readConfig({});
		expect(config.dataDir).toBe(path.resolve('data'));
		expect(config.databaseUrl).toBeNull();
		expect(config.origin).toBeNull();
		expect(config.listenHost).toBe('0.0.0.0');
	});

	it('knows the interface server.js listens on (HOST), as the join links need it', () => {
		expect(readConfig({ HOST: '127.0.0.1' }).listenHost).toBe('127.0.0.1');
		expect(readConfig({ HOST: ' ' }).listenHost).toBe('0.0.0.0');
	});

	it('reads DATA_DIR, DATABASE_URL and ORIGIN', () => {
		const config = readConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u@h/db', ORIGIN: 'https://tafel.example.org/' });
		expect(config).toMatchObject({ dataDir: '/tmp/x', databaseUrl: 'postgres://u@h/db', origin: 'https://tafel.example.org' });
	});

	it('refuses values that cannot work, with a message naming the variable', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
		expect(() => readConfig({ ORIGIN: 'not a url' })).toThrow(/ORIGIN/);
		expect(() => readConfig({ ORIGIN: 'https://x.org/path' })).toThrow(/ORIGIN/);
	});
});

describe('configuration of several nodes', () => {
	it('shares nothing without REDIS_URL', () => {
		expect(readConfig({}).cluster).toMatchObject({ redisUrl: null, redisPrefix: 'opentafel:', metricsToken: null, logFormat: 'text' });
	});

	it('reads REDIS_URL, REDIS_PREFIX, NODE_ID, METRICS_TOKEN and LOG_FORMAT', () => {
		const config = readConfig({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://r:6379', REDIS_PREFIX: 'stad:', NODE_ID: 'n1', METRICS_TOKEN: 't', LOG_FORMAT: 'json' });
		expect(config.cluster).toEqual({ redisUrl: 'redis://r:6379', redisPrefix: 'stad:', nodeId: 'n1', metricsToken: 't', logFormat: 'json' });
	});

	it('refuses several nodes on the embedded database, and values that cannot work', () => {
		expect(() => readConfig({ REDIS_URL: 'redis://r' })).toThrow(/DATABASE_URL/);
		expect(() => readConfig({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'http://r' })).toThrow(/REDIS_URL/);
		expect(() => readConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
		expect(() => readConfig({ REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX/);
	});
});
