import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './dir-lock';

const dirs: string[] = [];
const tempDir = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-lock-'));
	dirs.push(dir);
	return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('data directory lock', () => {
	it('is taken with our pid and released', () => {
		const dir = tempDir();
		const release = lockDataDir(dir);
		expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
	});

	it('keeps out a second process while the first runs', () => {
		const dir = tempDir();
		// The parent of this test process is certainly alive.
		writeFileSync(path.join(dir, LOCK_FILE), String(process.ppid));
		expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
		expect(() => lockDataDir(dir)).toThrow(/in use by process/);
	});

	it('takes over a lock left by a process that is gone', () => {
		const dir = tempDir();
		writeFileSync(path.join(dir, LOCK_FILE), '999999999');
		const release = lockDataDir(dir);
		expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
		release();
	});
});
