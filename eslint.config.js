import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** The pure core (board, voices, nazit, validation) must run anywhere: no framework, no server code. */
const CORE_DIRS = ['src/lib/board/**', 'src/lib/voices/**', 'src/lib/nazit/**', 'src/lib/validation/**'];
const FRAMEWORK_IMPORTS = ['svelte', 'svelte/*', '@sveltejs/*', '$app/*', '$env/*', '$lib/server/*', '$lib/client/*', '$lib/components/*', '$lib/paraglide/*'];

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
	{
		files: CORE_DIRS,
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ group: FRAMEWORK_IMPORTS, message: 'The core does not know the framework.' }] }]
		}
	}
);
