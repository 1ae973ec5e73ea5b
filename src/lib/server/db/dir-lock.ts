/**
 * PGlite has no locking of its own: two processes on one data directory (say `npm run dev`
 * and `npm start` side by side) would corrupt it. A lock file holding the owner's pid keeps
 * the second one out with a clear message; a lock left by a process that no longer runs
 * (a crash, SIGKILL) is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'opentafel.lock';

export class DataDirLockedError extends Error {}

export function lockDataDir(dataDir: string): () => void {
	const file = path.join(dataDir, LOCK_FILE);
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return () => rmSync(file, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = Number(readFileSync(file, 'utf8'));
			if (owner !== process.pid && isRunning(owner)) {
				throw new DataDirLockedError(
					`The database in ${dataDir} is in use by process ${owner}. Stop that process, or use another DATA_DIR.`
				);
			}
			rmSync(file, { force: true });
		}
	}
	throw new DataDirLockedError(`Could not lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
