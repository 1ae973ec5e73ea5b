/**
 * The first start on an empty DATA_DIR copies the build's template database instead of
 * running PGlite's initdb (src/lib/server/db/template.ts), and a later start never replaces
 * the database it finds there.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setUpGathering } from '../helpers/gathering-setup';
import { startServer } from '../helpers/production-server.mjs';

const TEMPLATE = path.resolve('build', 'pglite-template');

describe('the first start of an installation', () => {
	it('the build made a template for the PGlite version installed, with every migration', () => {
		const manifest = JSON.parse(readFileSync(path.join(TEMPLATE, 'manifest.json'), 'utf8'));
		const installed = JSON.parse(readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
		const journal = JSON.parse(readFileSync(path.resolve('drizzle/meta/_journal.json'), 'utf8'));
		expect(manifest).toEqual({ pglite: installed, migrations: journal.entries.map((e: { tag: string }) => e.tag) });
		expect(readFileSync(path.join(TEMPLATE, 'pgdata', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
	});

	it('starts from the template on an empty DATA_DIR and keeps the data it finds on the next start', async () => {
		// An empty folder, not the launcher's usual copy of a migrated database.
		const first = await startServer({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'opentafel-first-start-')) });
		try {
			expect(first.output()).toContain("from the build's template");
			expect(first.output()).toContain('No accounts yet');
			expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
			const { joinCode } = await setUpGathering(first.url);
			expect((await first.stop({ keepData: true })).code).toBe(0);

			const again = await startServer({ dataDir: first.dataDir });
			try {
				expect(again.output()).not.toContain('Embedded database created');
				expect(again.output()).not.toContain('No accounts yet');
				expect(readdirSync(first.dataDir).sort()).toEqual(['opentafel.lock', 'pglite']);
				// The gathering made before the restart is still there.
				expect((await fetch(`${again.url}/j/${joinCode}`)).status).toBe(200);
			} finally {
				await again.stop();
			}
		} finally {
			await first.stop();
		}
	});
});
