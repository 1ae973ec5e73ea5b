// Part of the build: makes build/pglite-template/, an empty embedded database with every
// migration in drizzle/ applied, and a manifest naming the PGlite version that made it. A
// first start on an empty DATA_DIR copies it instead of running PGlite's initdb (seconds and a
// memory peak near 800 MB; see src/lib/server/db/template.ts for how it is used and when not).
//
// It runs here, once per build, in its own process, so the server never pays for initdb. The
// folder is written under a temporary name and renamed when complete: a build that dies
// half-way leaves no template that looks usable.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { root } from './build-state.js';

/** Must match TEMPLATE_MANIFEST and TEMPLATE_CLUSTER in src/lib/server/db/template.ts. */
const MANIFEST = 'manifest.json';
const CLUSTER = 'pgdata';

export async function buildPgliteTemplate({ target = path.join(root, 'build', 'pglite-template') } = {}) {
	const migrationsDir = path.join(root, 'drizzle');
	const version = JSON.parse(readFileSync(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version;
	const staging = `${target}.partial-${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	const client = new PGlite(path.join(staging, CLUSTER));
	await client.waitReady;
	await migrate(drizzle({ client }), { migrationsFolder: migrationsDir });
	// A clean shutdown: the copy opens without recovery.
	await client.close();
	const journal = JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8'));
	const manifest = { pglite: version, migrations: journal.entries.map((e) => e.tag) };
	writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, '\t') + '\n');
	if (existsSync(target)) rmSync(target, { recursive: true, force: true });
	renameSync(staging, target);
	return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const started = performance.now();
	const manifest = await buildPgliteTemplate();
	console.log(`Embedded database template for PGlite ${manifest.pglite} with ${manifest.migrations.length} migrations in ${Math.round(performance.now() - started)} ms`);
}
