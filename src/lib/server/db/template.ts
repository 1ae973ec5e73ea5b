/**
 * The embedded database's first start, without initdb. Creating a PostgreSQL cluster in PGlite
 * (initdb) takes seconds and a memory peak near 800 MB, and the process keeps most of that
 * memory afterwards. The build therefore makes one empty, migrated cluster
 * (`scripts/pglite-template.js` → `build/pglite-template/`), and a first start copies it into
 * DATA_DIR instead; opening a copied cluster is the same "found a database, resuming" path
 * every later start takes.
 *
 * Invariants:
 * - Data already in DATA_DIR is never touched: only a cluster folder that is missing or
 *   empty is filled. The copy goes to a staging folder next to it and is renamed into place,
 *   and rename(2) refuses to replace a folder that is not empty, so even a race we did not
 *   foresee cannot overwrite a cluster.
 * - A start that dies half-way leaves no half cluster: the staging folder is not the cluster
 *   and is removed by the next start (which holds DATA_DIR's lock, so no other process is
 *   copying).
 * - A template from another PGlite version is not used (its catalogue may not match the
 *   engine); the start falls back to initdb. So does a build without a template.
 */
import { constants, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the build writes beside the template's cluster. */
export type TemplateManifest = { pglite: string; migrations: string[] };

export const TEMPLATE_MANIFEST = 'manifest.json';
/** The cluster inside the template folder. */
export const TEMPLATE_CLUSTER = 'pgdata';
const STAGING_MARK = '.seeding-';

export type SeedOutcome =
	| { seeded: true }
	| { seeded: false; reason: 'existing' | 'no-template' | 'other-pglite-version' };

/** The version of the PGlite package this process runs. */
export function installedPgliteVersion(): string {
	const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
	// The entry is <package>/dist/index.cjs.
	const manifest = path.resolve(path.dirname(entry), '..', 'package.json');
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function readTemplateManifest(templateDir: string): TemplateManifest | null {
	const file = path.join(templateDir, TEMPLATE_MANIFEST);
	if (!existsSync(file) || !existsSync(path.join(templateDir, TEMPLATE_CLUSTER, 'PG_VERSION'))) return null;
	return JSON.parse(readFileSync(file, 'utf8')) as TemplateManifest;
}

/**
 * Fills `clusterDir` from the template when it is missing or empty. The caller holds the data
 * directory's lock (dir-lock.ts).
 */
export function seedFromTemplate(options: { clusterDir: string; templateDir: string | null; pgliteVersion: string }): SeedOutcome {
	const { clusterDir, templateDir, pgliteVersion } = options;
	removeStaleStaging(clusterDir);
	if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) return { seeded: false, reason: 'existing' };
	const manifest = templateDir ? readTemplateManifest(templateDir) : null;
	if (!templateDir || !manifest) return { seeded: false, reason: 'no-template' };
	if (manifest.pglite !== pgliteVersion) return { seeded: false, reason: 'other-pglite-version' };
	const staging = `${clusterDir}${STAGING_MARK}${process.pid}`;
	copyTree(path.join(templateDir, TEMPLATE_CLUSTER), staging);
	// An empty cluster folder (made by an earlier version before its initdb) gives way; rmdir
	// refuses a folder with anything in it.
	if (existsSync(clusterDir)) rmdirSync(clusterDir);
	renameSync(staging, clusterDir);
	return { seeded: true };
}

/**
 * A cluster holds folders and plain files only (about a thousand, 40 MB). Measured here, the
 * copy's cost is the kernel's per file, not per byte, and Node's `cpSync` makes about twice
 * the system time of this loop. On a file system with copy-on-write (btrfs, XFS) the files
 * are cloned instead of written; elsewhere FICLONE falls back to a plain copy.
 */
function copyTree(from: string, to: string): void {
	mkdirSync(to);
	for (const entry of readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		const target = path.join(to, entry.name);
		if (entry.isDirectory()) copyTree(source, target);
		else if (entry.isFile()) copyFileSync(source, target, constants.COPYFILE_FICLONE);
		else cpSync(source, target, { verbatimSymlinks: true });
	}
}

function removeStaleStaging(clusterDir: string): void {
	const parent = path.dirname(clusterDir);
	if (!existsSync(parent)) return;
	const prefix = path.basename(clusterDir) + STAGING_MARK;
	for (const entry of readdirSync(parent)) {
		if (entry.startsWith(prefix)) rmSync(path.join(parent, entry), { recursive: true, force: true });
	}
}
