import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * What an import specifier names, whichever way it is spelled. A fence written against the
 * spelling (`$lib/server/*`) lets `../server/db/client` walk through it, so every spelling of a
 * file of this repository — the `$lib` alias, a relative path, a root-absolute path as Vite
 * accepts it — becomes the same root-relative path before any rule looks at it.
 *
 * The `$lib` alias is resolved here rather than through the generated `.svelte-kit` tsconfig:
 * lint runs before `svelte-kit sync` on a fresh clone, and an alias that cannot be resolved must
 * not make an import pass unseen.
 */

const LIB_ALIAS = '$lib';
const LIB_DIR = 'src/lib';
const NODE_PREFIX = 'node:';
const BUILTINS = new Set(builtinModules);

/** @typedef {{ kind: 'file', path: string } | { kind: 'builtin', name: string } | { kind: 'package', name: string }} ImportTarget */

/**
 * @param {string} specifier as written in the import
 * @param {string} importer absolute path of the importing file
 * @param {string} root absolute path of the repository
 * @returns {ImportTarget}
 */
export function importTarget(specifier, importer, root) {
	if (specifier === LIB_ALIAS || specifier.startsWith(`${LIB_ALIAS}/`)) {
		return { kind: 'file', path: path.posix.normalize(LIB_DIR + specifier.slice(LIB_ALIAS.length)) };
	}
	if (specifier.startsWith('.')) {
		return { kind: 'file', path: repoPath(path.resolve(path.dirname(importer), specifier), root) };
	}
	if (specifier.startsWith('/')) {
		return { kind: 'file', path: repoPath(path.join(root, specifier), root) };
	}
	if (specifier.startsWith(NODE_PREFIX) || BUILTINS.has(specifier.split('/')[0])) {
		return { kind: 'builtin', name: specifier };
	}
	return { kind: 'package', name: specifier };
}

/**
 * True when `name` is `prefix` itself or lies below it (`drizzle-orm` covers `drizzle-orm/pglite`, not `drizzle-ormx`).
 * @param {string} name
 * @param {string} prefix
 */
export function isWithin(name, prefix) {
	return name === prefix || name.startsWith(`${prefix}/`);
}

/**
 * A file's path from the repository's root, with `/` separators.
 * @param {string} absolute
 * @param {string} root
 */
export function repoPath(absolute, root) {
	return path.relative(root, absolute).split(path.sep).join('/');
}
