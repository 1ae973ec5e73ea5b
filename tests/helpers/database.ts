/**
 * A fresh, migrated database for one test file, on whichever backend the run is for:
 * PostgreSQL when TEST_DATABASE_URL is set (`npm run test:postgres`), else PGlite in memory.
 *
 * PostgreSQL: a database with a random name is created and dropped afterwards, so runs never
 * see each other's data. PGlite: a first boot costs ~4 s and ~500 MB, so the migrated
 * database is booted once, dumped to a file in the temp folder (keyed by the migrations'
 * content) and every later file starts from that snapshot in well under a second.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { createScratchDatabase } from './scratch-postgres.mjs';

export const MIGRATIONS_DIR = path.resolve('drizzle');

export type TestDatabase = Database & { dispose(): Promise<void> };

export async function openTestDatabase(): Promise<TestDatabase> {
	const url = process.env.TEST_DATABASE_URL;
	return url ? openPostgresTestDatabase(url) : openPgliteTestDatabase();
}

async function openPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
	const scratch = await createScratchDatabase({ adminUrl, prefix: 'ot_test_' });
	const database = await openDatabase({ url: scratch.url, migrationsDir: MIGRATIONS_DIR });
	return {
		...database,
		dispose: async () => {
			await database.close();
			await scratch.drop();
		}
	};
}

function migrationsFingerprint(): string {
	const hash = createHash('sha256');
	for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
		hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
	}
	return hash.digest('hex').slice(0, 16);
}

async function openPgliteTestDatabase(): Promise<TestDatabase> {
	const snapshotFile = path.join(os.tmpdir(), `opentafel-test-db-${migrationsFingerprint()}.tar`);
	if (!existsSync(snapshotFile)) {
		const fresh = await openDatabase({ dataDir: null, migrationsDir: MIGRATIONS_DIR });
		const blob = await fresh.dump!();
		await fresh.close();
		// Written under a temporary name and renamed, so a parallel file never reads half a snapshot.
		const partial = `${snapshotFile}.${process.pid}.partial`;
		writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
		renameSync(partial, snapshotFile);
	}
	const snapshot = new Blob([readFileSync(snapshotFile)]);
	const database = await openDatabase({ dataDir: null, migrationsDir: MIGRATIONS_DIR, snapshot });
	return { ...database, dispose: () => database.close() };
}
