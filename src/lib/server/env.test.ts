import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, readConfig } from './env';

describe('configuration', () => {
	it('defaults to the embedded database under ./data', () => {
		const config = readConfig({});
		expect(config.dataDir).toBe(path.resolve('data'));
		expect(config.databaseUrl).toBeNull();
		expect(config.origin).toBeNull();
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
