/**
 * Starts the production server for the e2e suite (PORT, HOST and ORIGIN come from
 * playwright.config.ts) on a brand-new, empty embedded database, and removes that database
 * again when the server stops.
 *
 * Playwright's webServer sends SIGTERM to this process group at the end of the run
 * (see `gracefulShutdown` in playwright.config.ts): the server closes its database, then
 * the launcher deletes the temporary directory. Directories left behind by a run that was
 * killed hard are cleared at the next start.
 */
import { rmSync } from 'node:fs';
import { removeStaleDataDirs, startServer } from '../helpers/production-server.mjs';

removeStaleDataDirs();
const env = /** @type {Record<string, string>} */ ({ ORIGIN: process.env.ORIGIN ?? '' });
let server;
try {
	server = await startServer({ port: Number(process.env.PORT ?? 4173), env, echo: true, startTimeoutMs: 60_000 });
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
}
const running = server;

let stopping = false;
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.on(signal, async () => {
		stopping = true;
		const { code } = await running.stop({ signal });
		process.exit(code ?? 1);
	});
}
// The server ended by itself: the suite cannot go on; say so with its exit code.
running.exited.then(async (code) => {
	if (stopping) return;
	await running.stop();
	process.exit(typeof code === 'number' ? code : 1);
});
// Last resort if this process is ended some other way while the server still runs.
process.on('exit', () => {
	try {
		process.kill(running.pid, 'SIGKILL');
	} catch {
		// already gone
	}
	rmSync(running.dataDir, { recursive: true, force: true });
});
