import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';

/** The same strategy is passed to the CLI compile in `npm run check`. */
const LOCALE_STRATEGY = ['cookie', 'preferredLanguage', 'baseLocale'] as const;

/**
 * `vite dev` has no `server.js`: this plugin hands WebSocket upgrades for the realtime path to
 * the same runtime the app uses (loaded through Vite's SSR graph, shared via globalThis).
 * Other upgrades (Vite's own HMR socket) are left alone.
 */
function realtimeDevPlugin(): Plugin {
	return {
		name: 'opentafel-realtime-dev',
		apply: 'serve',
		configureServer(server: ViteDevServer) {
			server.httpServer?.on('upgrade', async (request, socket, head) => {
				if (!request.url?.startsWith('/realtime/')) return;
				try {
					const { getRuntime } = await server.ssrLoadModule('/src/lib/server/runtime.ts');
					(await getRuntime()).handleUpgrade(request, socket, head);
				} catch (error) {
					server.config.logger.error(`realtime upgrade failed: ${String(error)}`);
					socket.destroy();
				}
			});
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: [...LOCALE_STRATEGY]
		}),
		sveltekit(),
		realtimeDevPlugin()
	],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts', 'tests/storage/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Each file starts its own server or database; running them side by side on two
					// cores only makes each slower and PGlite's first boot peaks at ~750 MB.
					fileParallelism: false
				}
			}
		]
	}
});
