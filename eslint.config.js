import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import fences from './scripts/lint/fences.js';

/*
 * Fences between layers, checked by `fences/imports` on the resolved path of every import
 * (`$lib/…`, `../…` and `/src/…` alike) and on package names; see scripts/lint/fences.js.
 * Test files may use Node builtins (they read fixtures), nothing else they could not otherwise.
 */
const TEST_FILES = '**/*.test.ts';
/** Packages that only run on the server: sockets, databases, the password hash. */
const SERVER_PACKAGES = ['ws', '@y/websocket-server', 'drizzle-orm', '@electric-sql', 'postgres', 'redis', '@node-rs'];

/** The pure core (board, voices, nazit, validation, and the wire protocol both ends share) must run anywhere: no framework, no server code. */
const CORE_DIRS = ['src/lib/board/**', 'src/lib/voices/**', 'src/lib/nazit/**', 'src/lib/validation/**', 'src/lib/protocol/**'];
const CORE_FENCE = {
	paths: ['src/lib/server', 'src/lib/client', 'src/lib/components', 'src/lib/i18n', 'src/lib/paraglide', 'src/routes'],
	packages: ['svelte', '@sveltejs', '$app', '$env', ...SERVER_PACKAGES],
	builtins: true,
	reason: 'The core does not know the framework, the server or Node.'
};

/** Stores, accounts and privacy sit below the live board: they never call up into it. */
const LOWER_SERVER_DIRS = ['src/lib/server/{db,auth,gatherings,board,nazit}/**'];
const LOWER_SERVER_FENCE = {
	paths: ['src/lib/server/realtime', 'src/lib/server/cluster', 'src/lib/server/commands', 'src/lib/server/runtime'],
	reason: 'Stores and accounts sit below the live board, the cluster and the commands.',
	// Type-only imports that may point up; none do since the board reader and the erasure use case.
	typeOnlyExceptions: []
};

/**
 * Within the lower server, one way down: the database knows no other server folder; sessions
 * and accounts know the database and nothing about gatherings, boards or the nazit (a
 * gathering's own access checks live in gatherings/access.ts, above auth).
 */
const DB_DIRS = ['src/lib/server/db/**'];
const DB_FENCE = {
	paths: ['src/lib/server/auth', 'src/lib/server/gatherings', 'src/lib/server/board', 'src/lib/server/nazit', 'src/lib/server/export', 'src/lib/server/erasure'],
	reason: 'The database sits at the bottom of the server.'
};
const AUTH_DIRS = ['src/lib/server/auth/**'];
const AUTH_FENCE = {
	paths: ['src/lib/server/gatherings', 'src/lib/server/board', 'src/lib/server/nazit', 'src/lib/server/export', 'src/lib/server/erasure'],
	reason: 'Sessions and accounts sit below gatherings, boards and the nazit.'
};

/** What runs in the browser: client glue, components, pages and universal loads. */
const BROWSER_FILES = ['src/lib/client/**', 'src/lib/components/**', 'src/routes/**/*.svelte', 'src/routes/**/+page.ts', 'src/routes/**/+layout.ts'];
const BROWSER_FENCE = {
	paths: ['src/lib/server'],
	packages: ['$env/static/private', '$env/dynamic/private', '$app/server', ...SERVER_PACKAGES],
	builtins: true,
	reason: 'Browser code reaches the server only over HTTP and the realtime socket.'
};

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/', 'drizzle/meta/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// Paths here are plain strings on purpose: the app is served from the root, never a base path.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{ plugins: { fences } },
	...fence(CORE_DIRS, CORE_FENCE),
	...fence(LOWER_SERVER_DIRS, LOWER_SERVER_FENCE),
	...fence(DB_DIRS, DB_FENCE),
	...fence(AUTH_DIRS, AUTH_FENCE),
	...fence(BROWSER_FILES, BROWSER_FENCE)
);

/** A layer's fence, and the same for its test files without the ban on Node builtins. */
function fence(files, options) {
	return [
		{ files, rules: { 'fences/imports': ['error', options] } },
		{ files: files.map((glob) => [glob, TEST_FILES]), rules: { 'fences/imports': ['error', { ...options, builtins: false }] } }
	];
}
