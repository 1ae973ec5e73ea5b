/**
 * Whether `build/` is missing or older than what it is built from. Used by `npm start` and
 * `npm test` so that a fresh clone, or a clone after `git pull`, never runs a stale build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_MARKER = path.join(root, 'build', 'handler.js');
// Written last (scripts/pglite-template.js): a build without it did not finish.
const TEMPLATE_MARKER = path.join(root, 'build', 'pglite-template', 'manifest.json');
const SOURCES = ['src', 'static', 'messages', 'drizzle', 'project.inlang/settings.json', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];
const IGNORED = new Set(['paraglide', 'node_modules', '.svelte-kit']);

function newestMtime(target) {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target)) {
		if (IGNORED.has(entry)) continue;
		newest = Math.max(newest, newestMtime(path.join(target, entry)));
	}
	return newest;
}

export function buildIsStale() {
	if (!existsSync(BUILD_MARKER) || !existsSync(TEMPLATE_MARKER)) return true;
	const built = statSync(BUILD_MARKER).mtimeMs;
	return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

/** Builds in a child process (a Vite build needs far more memory than the server). */
export function buildIfStale() {
	if (!buildIsStale()) return;
	console.log('Building Open Tafel (first start or changed sources)…');
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const steps = [
		[vite, 'build', '--logLevel', 'warn'],
		// The same second step as `npm run build`: the first start's database (pglite-template.js).
		[path.join(root, 'scripts', 'pglite-template.js')]
	];
	for (const args of steps) {
		const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
		if (result.status !== 0) {
			console.error('The build failed; see the messages above.');
			process.exit(result.status ?? 1);
		}
	}
}
