import { importTarget, isWithin, repoPath } from './import-target.js';

/**
 * `fences/imports`: a layer may not reach certain folders, packages or Node builtins, however
 * the import is spelled. Each layer is a config block in `eslint.config.js` naming its files and
 * this rule's options:
 *
 * - `paths`: root-relative folders (or files) the layer may not import from;
 * - `packages`: package names, each also covering its subpaths (`drizzle-orm` → `drizzle-orm/pglite`);
 * - `builtins`: when true, no `node:*` and no bare Node builtin (`fs`, `path`);
 * - `typeOnlyExceptions`: exact `{ from, to }` pairs (root-relative file, forbidden path) that
 *   may stay while they import types only — a value import between the same two files fails.
 *
 * Type-only imports are fenced like any other: a layer that names another layer's types
 * already depends on it.
 */

/** @type {import('eslint').Rule.RuleModule} */
const imports = {
	meta: {
		type: 'problem',
		docs: { description: 'A layer imports nothing from the folders, packages and builtins fenced off for it' },
		schema: [
			{
				type: 'object',
				properties: {
					paths: { type: 'array', items: { type: 'string' } },
					packages: { type: 'array', items: { type: 'string' } },
					builtins: { type: 'boolean' },
					reason: { type: 'string' },
					typeOnlyExceptions: {
						type: 'array',
						items: {
							type: 'object',
							properties: { from: { type: 'string' }, to: { type: 'string' } },
							required: ['from', 'to'],
							additionalProperties: false
						}
					}
				},
				additionalProperties: false
			}
		],
		messages: {
			fenced: "'{{specifier}}' reaches {{target}}, which this layer may not import. {{reason}}"
		}
	},
	create(context) {
		const { paths = [], packages = [], builtins = false, reason = '', typeOnlyExceptions = [] } = context.options[0] ?? {};
		const root = context.cwd;
		const importer = context.filename;
		const fromHere = typeOnlyExceptions.filter((exception) => exception.from === repoPath(importer, root));

		function fencedTarget(specifier) {
			const target = importTarget(specifier, importer, root);
			if (target.kind === 'file') return paths.find((fenced) => isWithin(target.path, fenced)) && target.path;
			if (target.kind === 'builtin') return builtins && `the Node builtin ${target.name}`;
			const fencedPackage = packages.find((name) => isWithin(target.name, name));
			return fencedPackage && `the package ${fencedPackage}`;
		}

		function check(source, typeOnly) {
			if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
			const target = fencedTarget(source.value);
			if (!target) return;
			if (typeOnly && fromHere.some((exception) => isWithin(target, exception.to))) return;
			context.report({ node: source, messageId: 'fenced', data: { specifier: source.value, target, reason } });
		}

		return {
			// Only `import type` counts as type-only: `import { type A }` leaves a bare import behind
			// under verbatimModuleSyntax, so the module is still loaded.
			ImportDeclaration: (node) => check(node.source, node.importKind === 'type'),
			ExportNamedDeclaration: (node) => check(node.source, node.exportKind === 'type'),
			ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
			ImportExpression: (node) => check(node.source, false),
			TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression, node.importKind === 'type'),
			// `import('…').Name` in a type position.
			TSImportType: (node) => check(node.argument?.literal, true)
		};
	}
};

export default { meta: { name: 'opentafel-fences' }, rules: { imports } };
