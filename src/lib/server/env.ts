/**
 * Configuration is read here, once, and validated at start-up. Modules receive the parsed
 * config as an argument; nothing else reads `process.env`. Every variable is listed in
 * `.env.example` and in the README.
 */
import path from 'node:path';
import { readClusterConfig, type ClusterConfig } from './cluster-config';

export type Config = {
	/** Where the embedded database lives; ignored when `databaseUrl` is set. */
	dataDir: string;
	/** `postgres://…` to use a PostgreSQL server instead of the embedded database. */
	databaseUrl: string | null;
	/** Folder holding drizzle's SQL migrations. */
	migrationsDir: string;
	/** Public origin, used for join links and QR codes when set (e.g. behind a proxy). */
	origin: string | null;
	/** The interface `server.js` listens on (`HOST`); without ORIGIN it decides which address phones are shown. */
	listenHost: string;
	/** Several nodes: see cluster-config.ts. */
	cluster: ClusterConfig;
};

export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined>): Config {
	const databaseUrl = nonEmpty(env.DATABASE_URL);
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
	}
	const origin = nonEmpty(env.ORIGIN);
	if (origin) {
		let parsed: URL;
		try {
			parsed = new URL(origin);
		} catch {
			throw new ConfigError(`ORIGIN is not a URL: ${origin}`);
		}
		if (parsed.origin !== origin.replace(/\/$/, '')) {
			throw new ConfigError(`ORIGIN must be an origin only (scheme, host, port): ${origin}`);
		}
	}
	const cluster = readClusterConfig(env, databaseUrl);
	if ('error' in cluster) throw new ConfigError(cluster.error);
	const root = nonEmpty(env.OPENTAFEL_ROOT) ?? process.cwd();
	return {
		dataDir: path.resolve(nonEmpty(env.DATA_DIR) ?? 'data'),
		databaseUrl,
		migrationsDir: path.resolve(root, 'drizzle'),
		origin: origin ? origin.replace(/\/$/, '') : null,
		listenHost: nonEmpty(env.HOST) ?? '0.0.0.0',
		cluster
	};
}

function nonEmpty(value: string | undefined): string | null {
	const trimmed = value?.trim();
	return trimmed ? trimmed : null;
}
