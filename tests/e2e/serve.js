/**
 * Starts the production server (`server.js`) for the e2e suite on a brand-new, empty
 * embedded database, and removes that database again when the server stops.
 *
 * Playwright's webServer sends SIGTERM to this process group at the end of the run
 * (see `gracefulShutdown` in playwright.config.ts): the server closes its database, then
 * this wrapper deletes the temporary directory. Directories left behind by a run that was
 * killed hard are cleared at the next start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = 'opentafel-e2e-';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

removeLeftovers();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));

const child = spawn(process.execPath, [path.join(root, 'server.js')], {
	cwd: root,
	env: { ...process.env, DATA_DIR: dataDir },
	stdio: 'inherit'
});

function removeDataDir() {
	fs.rmSync(dataDir, { recursive: true, force: true });
}

child.on('exit', (code, signal) => {
	removeDataDir();
	process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.on(signal, () => child.kill(signal));
}
// Last resort if this process is ended some other way while the child still runs.
process.on('exit', () => {
	if (child.exitCode === null) child.kill('SIGKILL');
	removeDataDir();
});

/** Temporary directories of earlier runs whose wrapper process no longer exists. */
function removeLeftovers() {
	const tmp = os.tmpdir();
	for (const name of fs.readdirSync(tmp)) {
		const match = name.startsWith(PREFIX) ? /^(\d+)-/.exec(name.slice(PREFIX.length)) : null;
		if (!match || isAlive(Number(match[1]))) continue;
		fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
	}
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}
