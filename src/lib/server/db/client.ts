/**
 * Opens the database: the embedded PGlite in a data directory by default, or a PostgreSQL
 * server when a URL is given. Both run the same schema and the same migrations, and are
 * used through the same drizzle type, so nothing above this file knows which one it has.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { lockDataDir } from './dir-lock';
import { installedPgliteVersion, seedFromTemplate, type SeedOutcome } from './template';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
	db: Db;
	kind: 'pglite' | 'postgres';
	/** PGlite only: a snapshot of the whole database, to start test databases from. */
	dump?: () => Promise<Blob>;
	/** PGlite in a folder only: whether this start copied the build's template (db/template.ts). */
	seed?: SeedOutcome;
	/** Resolves when the database answers a trivial query. */
	ping(): Promise<void>;
	close(): Promise<void>;
};

export type DatabaseOptions =
	| { url: string; migrationsDir: string }
	| {
			/** null: in memory. */
			dataDir: string | null;
			migrationsDir: string;
			/** Start an in-memory database from a `dumpDataDir` snapshot instead of an empty one (tests). */
			snapshot?: Blob;
			/** A folder made by `scripts/pglite-template.js`, copied into an empty data directory instead of running initdb. */
			template?: string | null;
	  };

/**
 * PGlite settings that keep the embedded server small: the defaults are sized for a
 * dedicated machine and cost ~120 MB more resident memory, which a board for a few hundred
 * phones never needs.
 */
export const PGLITE_SMALL_MEMORY_CONF = [
	'shared_buffers=16MB',
	'work_mem=1MB',
	'maintenance_work_mem=8MB',
	'wal_buffers=1MB'
];

/** The embedded cluster's folder inside DATA_DIR. */
export const PGLITE_SUBDIR = 'pglite';

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const database =
		'url' in options ? await openPostgres(options.url) : await openPglite(options.dataDir, options.snapshot, options.template ?? null);
	await database.migrate(options.migrationsDir);
	return database;
}

async function openPglite(
	dataDir: string | null,
	snapshot: Blob | undefined,
	template: string | null
): Promise<Database & { migrate(dir: string): Promise<void> }> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	let unlock = () => {};
	let pgdata: string | undefined;
	let seed: SeedOutcome | undefined;
	if (dataDir) {
		// DATA_DIR holds the lock and the cluster side by side: PGlite wants its folder to itself.
		pgdata = path.join(dataDir, PGLITE_SUBDIR);
		mkdirSync(dataDir, { recursive: true });
		unlock = lockDataDir(dataDir);
		try {
			// Under the lock: nobody else is starting on this folder while it is filled.
			seed = seedFromTemplate({ clusterDir: pgdata, templateDir: template, pgliteVersion: installedPgliteVersion() });
			mkdirSync(pgdata, { recursive: true });
		} catch (error) {
			unlock();
			throw error;
		}
	}
	const client = new PGlite(pgdata, { postgresqlconf: PGLITE_SMALL_MEMORY_CONF, loadDataDir: snapshot });
	try {
		await client.waitReady;
	} catch (error) {
		unlock();
		throw error;
	}
	const db = drizzle({ client, schema });
	return {
		db: db as unknown as Db,
		kind: 'pglite',
		dump: () => client.dumpDataDir('none'),
		seed,
		ping: async () => void (await client.query('select 1')),
		close: async () => {
			await client.close();
			unlock();
		},
		migrate: (dir) => migrate(db, { migrationsFolder: dir })
	};
}

async function openPostgres(url: string): Promise<Database & { migrate(dir: string): Promise<void> }> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	// A node that hangs inside a transaction would hold the gathering's lock (cluster/commits.ts)
	// for as long as its connection lives; PostgreSQL ends such a session instead, so the other
	// nodes carry on. Our transactions never wait between statements for anything but the database.
	const client = postgres(url, { max: 10, onnotice: () => {}, connection: { idle_in_transaction_session_timeout: 10_000 } });
	const db = drizzle({ client, schema });
	return {
		db: db as unknown as Db,
		kind: 'postgres',
		ping: async () => void (await db.execute(sql`select 1`)),
		close: () => client.end({ timeout: 5 }),
		migrate: (dir) => migrateAlone(url, dir)
	};
}

/** Key of the session lock that lets one node at a time apply migrations. */
const MIGRATION_LOCK = 0x07a70001;

/**
 * Several nodes starting together would each try the same migrations, and two concurrent
 * `create schema` already fail. One connection of its own holds a session advisory lock while
 * migrating; the others wait, then find nothing left to do. Ending the connection releases it.
 */
async function migrateAlone(url: string, dir: string): Promise<void> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	const single = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migrate(drizzle({ client: single, schema }), { migrationsFolder: dir });
	} finally {
		await single.end({ timeout: 5 });
	}
}
