import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedPgliteVersion, seedFromTemplate, TEMPLATE_CLUSTER, TEMPLATE_MANIFEST } from './template';

const VERSION = '9.9.9-test';
const dirs: string[] = [];
const tempDir = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-template-'));
	dirs.push(dir);
	return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A stand-in for the build's template: a cluster folder of a few files and the manifest. */
function fakeTemplate(version = VERSION): string {
	const dir = tempDir();
	const cluster = path.join(dir, TEMPLATE_CLUSTER);
	mkdirSync(path.join(cluster, 'base', '1'), { recursive: true });
	writeFileSync(path.join(cluster, 'PG_VERSION'), '17\n');
	writeFileSync(path.join(cluster, 'base', '1', '1259'), 'catalog from the template');
	writeFileSync(path.join(dir, TEMPLATE_MANIFEST), JSON.stringify({ pglite: version, migrations: ['0000_init'] }));
	return dir;
}

/** Every file under `dir` with its content and modification time. */
function snapshot(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
		const full = path.join(dir, entry);
		const stat = statSync(full);
		out[entry] = stat.isDirectory() ? `dir ${stat.mtimeMs}` : `${readFileSync(full, 'utf8')} ${stat.mtimeMs}`;
	}
	return out;
}

describe('the first start from the build template', () => {
	it('fills a missing cluster folder with a copy of the template and leaves no staging folder', () => {
		const dataDir = tempDir();
		const clusterDir = path.join(dataDir, 'pglite');
		expect(seedFromTemplate({ clusterDir, templateDir: fakeTemplate(), pgliteVersion: VERSION })).toEqual({ seeded: true });
		expect(readFileSync(path.join(clusterDir, 'base', '1', '1259'), 'utf8')).toBe('catalog from the template');
		expect(readdirSync(dataDir)).toEqual(['pglite']);
	});

	it('fills an empty cluster folder (left by an earlier version before its initdb)', () => {
		const clusterDir = path.join(tempDir(), 'pglite');
		mkdirSync(clusterDir);
		expect(seedFromTemplate({ clusterDir, templateDir: fakeTemplate(), pgliteVersion: VERSION })).toEqual({ seeded: true });
		expect(existsSync(path.join(clusterDir, 'PG_VERSION'))).toBe(true);
	});

	it('never touches a cluster folder that holds anything: a database, or files without PG_VERSION', () => {
		for (const files of [{ PG_VERSION: '17\n', 'base/1/1259': 'our own data' }, { 'something.txt': 'not a cluster, but not ours to replace' }]) {
			const clusterDir = path.join(tempDir(), 'pglite');
			for (const [name, content] of Object.entries(files)) {
				mkdirSync(path.dirname(path.join(clusterDir, name)), { recursive: true });
				writeFileSync(path.join(clusterDir, name), content);
			}
			const before = snapshot(clusterDir);
			expect(seedFromTemplate({ clusterDir, templateDir: fakeTemplate(), pgliteVersion: VERSION })).toEqual({ seeded: false, reason: 'existing' });
			expect(snapshot(clusterDir)).toEqual(before);
			expect(readdirSync(path.dirname(clusterDir))).toEqual(['pglite']);
		}
	});

	it('does not use a template made by another PGlite version, nor a folder without a complete template', () => {
		const clusterDir = path.join(tempDir(), 'pglite');
		expect(seedFromTemplate({ clusterDir, templateDir: fakeTemplate('0.0.1'), pgliteVersion: VERSION })).toEqual({ seeded: false, reason: 'other-pglite-version' });
		expect(existsSync(clusterDir)).toBe(false);
		const incomplete = fakeTemplate();
		rmSync(path.join(incomplete, TEMPLATE_MANIFEST));
		expect(seedFromTemplate({ clusterDir, templateDir: incomplete, pgliteVersion: VERSION })).toEqual({ seeded: false, reason: 'no-template' });
		expect(seedFromTemplate({ clusterDir, templateDir: path.join(tempDir(), 'missing'), pgliteVersion: VERSION })).toEqual({ seeded: false, reason: 'no-template' });
		expect(seedFromTemplate({ clusterDir, templateDir: null, pgliteVersion: VERSION })).toEqual({ seeded: false, reason: 'no-template' });
		expect(existsSync(clusterDir)).toBe(false);
	});

	it('removes what a start that died while copying left behind, then copies again', () => {
		const dataDir = tempDir();
		const clusterDir = path.join(dataDir, 'pglite');
		mkdirSync(path.join(dataDir, 'pglite.seeding-4242'));
		writeFileSync(path.join(dataDir, 'pglite.seeding-4242', 'PG_VERSION'), 'half a copy');
		expect(seedFromTemplate({ clusterDir, templateDir: fakeTemplate(), pgliteVersion: VERSION })).toEqual({ seeded: true });
		expect(readdirSync(dataDir)).toEqual(['pglite']);
	});

	it('reads the PGlite version this process runs', () => {
		const installed = JSON.parse(readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
		expect(installedPgliteVersion()).toBe(installed);
	});
});
